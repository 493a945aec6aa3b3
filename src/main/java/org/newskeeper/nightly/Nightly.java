package org.newskeeper.nightly;

import org.newskeeper.Counts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.CheckCache;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.history.Stage;
import org.newskeeper.history.WarcAudits;
import org.newskeeper.report.Report;
import org.newskeeper.report.ReportBuilder;
import org.newskeeper.report.Reports;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;
import org.newskeeper.rules.Validator;
import org.newskeeper.warc.KnownLink;
import org.newskeeper.warc.KnownLinks;
import org.newskeeper.warc.PackOptions;
import org.newskeeper.warc.PackResult;
import org.newskeeper.warc.Packer;
import org.newskeeper.warc.Problem;
import org.newskeeper.warc.VerifyReport;
import org.newskeeper.warc.Verifier;

/**
 * The nightly job: check, links, pack (with capture), verify, reports; each stage's results saved
 * in the run database in one transaction with the mark that the stage ended.
 *
 * <p>A run killed at any point is resumed by the next start over the same corpus: the stages that
 * ended are kept, the interrupted one runs again and replaces what its earlier attempt saved, pack
 * packs only what is not archived yet, and the reports are written again. The lock on the checks
 * folder keeps a second run out while one is going.
 */
public final class Nightly {
    /** The folder of each run's reports under the checks folder. */
    public static final String RUNS = "runs";
    /** The folder the latest reports are copied to. */
    public static final String LATEST = "latest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NightlyOptions options;
    private final NightlyListener listener;
    private final LinkStage links;
    private final Optional<ArchiveStage> archives;

    /** The links stage as the nightly job sees it: fills the run's link outcomes, or says why it cannot. */
    public interface LinkStage {
        /** Checks the links of the corpus, saves them with {@link RunStore#completeLinks} and returns the stage. */
        RunStage run(Run run, RunStore store, Database db, Clock clock, NightlyListener listener) throws IOException;

        /**
         * {@link #run(Run, RunStore, Database, Clock, NightlyListener)} over the night's listing of
         * the corpus ({@code files}, in path order, as {@code Corpus.files} gave them), which a stage
         * may use instead of listing the folders again; by default it lists them itself.
         */
        default RunStage run(Run run, RunStore store, Database db, Clock clock, NightlyListener listener,
                List<CorpusFile> files) throws IOException {
            return run(run, store, db, clock, listener);
        }
    }

    /** A links stage for builds or set-ups without a link checker: says so, and leaves the run without link outcomes. */
    public static final LinkStage NO_LINK_CHECKER = (run, store, db, clock, listener) -> {
        Instant now = clock.instant();
        RunStage stage = new RunStage(Stage.LINKS, RunStage.State.UNAVAILABLE, now, now, 0,
                "no link checker in this build: links were not checked", "{}");
        store.completeLinks(run.id(), List.of(), stage);
        return stage;
    };

    /** The archive step as the nightly job sees it: looks up public mementos of failing URLs after links. */
    public interface ArchiveStage {
        /** Looks up the run's failing URLs, completes the stage with {@link RunStore#completeStage} and returns it. */
        RunStage run(Run run, RunStore store, Database db, Clock clock, NightlyListener listener) throws IOException;
    }

    public Nightly(NightlyOptions options, LinkStage links, NightlyListener listener) {
        this(options, links, Optional.empty(), listener);
    }

    /** With an archive step after links (see {@link ArchiveLookupStage}). */
    public Nightly(NightlyOptions options, LinkStage links, Optional<ArchiveStage> archives, NightlyListener listener) {
        this.options = options;
        this.links = links;
        this.archives = archives;
        this.listener = listener;
    }

    /**
     * Runs (or resumes) the nightly job.
     *
     * @throws NightlyLock.LockedException when another run holds the checks folder
     */
    public NightlyResult run() throws IOException {
        // an empty corpus (a mount that did not come up) is refused before anything is created.
        // The corpus is listed once a night: the check, links and pack stages work on this listing
        // (an article written meanwhile waits for the next night), which is let go before verify.
        java.util.concurrent.atomic.AtomicReference<List<CorpusFile>> listing = new java.util.concurrent.atomic.AtomicReference<>(
                listCorpus());
        long articles = listing.get().size();
        try (NightlyLock lock = NightlyLock.acquire(options.checks());
                Database db = Database.open(options.database())) {
            RunStore store = new RunStore(db);
            String corpus = options.corpus().toAbsolutePath().normalize().toString();
            refuseShrunk(store, corpus, articles);
            Optional<Run> open = store.unfinished();
            boolean resumed = open.isPresent() && open.get().corpus().equals(corpus);
            if (open.isPresent() && !resumed) {
                store.abandon(open.get().id(), options.clock().instant());
            }
            Run run = resumed ? open.get() : store.begin(corpus, settings(), options.clock().instant());
            listener.runStarted(run, resumed);

            stage(store, run, Stage.CHECK, () -> check(store, run, new CheckCache(db, corpus), listing.get()));
            stage(store, run, Stage.LINKS, () -> links.run(run, store, db, options.clock(), listener, listing.get()));

            if (archives.isPresent()) {
                stage(store, run, Stage.ARCHIVES, () -> networkDown(store, run)
                        ? skipped(store, run, Stage.ARCHIVES, Report.NETWORK_UNAVAILABLE + ": no archive asked tonight")
                        : archives.get().run(run, store, db, options.clock(), listener));
            }
            stage(store, run, Stage.PACK, () -> pack(store, run, listing.get()));
            listing.set(null);
            stage(store, run, Stage.VERIFY, () -> verify(store, run, db));
            return report(store, run, resumed);
        }
    }

    /** A run refused before it started, recording nothing: the corpus is empty or shrank too much. */
    public static final class CorpusRefusedException extends IOException {
        public CorpusRefusedException(String message) {
            super(message);
        }
    }

    /** The night's listing of the corpus, in path order; refused when it cannot be listed or is empty. */
    private List<CorpusFile> listCorpus() throws IOException {
        List<CorpusFile> files;
        try (Stream<CorpusFile> s = org.newskeeper.corpus.Corpus.files(options.corpus(), options.pack().corpusSettings())) {
            files = s.toList();
        } catch (IOException e) {
            throw new CorpusRefusedException(options.corpus() + ": cannot read the corpus: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new CorpusRefusedException(options.corpus() + ": no articles in the corpus; refusing to run (is it mounted?)");
        }
        return files;
    }

    /**
     * Refuses the run when the corpus has fewer articles than the last finished run over it by more
     * than {@link NightlyOptions#maxShrink()}, unless {@link NightlyOptions#allowShrink()}.
     */
    private void refuseShrunk(RunStore store, String corpus, long now) throws IOException {
        if (options.allowShrink()) {
            return;
        }
        Optional<Run> last = Optional.empty();
        for (Run r : store.runs()) {
            if (r.isFinished() && r.exitCode().isPresent() && r.corpus().equals(corpus)) {
                last = Optional.of(r);
            }
        }
        if (last.isEmpty()) {
            return;
        }
        long before = store.stage(last.get().id(), Stage.CHECK).map(RunStage::count).orElse(0L);
        if (before > 0 && now < before * (1 - options.maxShrink())) {
            throw new CorpusRefusedException(String.format(java.util.Locale.ROOT,
                    "%s: the corpus shrank from %d %s at the last run (%s) to %d now, more than [nightly] max_shrink"
                            + " (%s %%); refusing to run (--allow-shrink to run anyway)",
                    options.corpus(), before, before == 1 ? "article" : "articles", last.get().id(), now,
                    new java.math.BigDecimal(options.maxShrink() * 100).setScale(1, java.math.RoundingMode.HALF_UP)
                            .stripTrailingZeros().toPlainString()));
        }
    }

    private interface StageWork {
        RunStage run() throws IOException;
    }

    private void stage(RunStore store, Run run, Stage name, StageWork work) throws IOException {
        Optional<RunStage> kept = store.stage(run.id(), name);
        if (kept.isPresent()) {
            listener.stageKept(kept.get());
            return;
        }
        Instant started = options.clock().instant();
        org.newskeeper.Activity.stage(name.id());
        listener.stageStarted(name, -1);
        RunStage done;
        try {
            done = work.run();
        } catch (IOException | RuntimeException e) {
            done = new RunStage(name, RunStage.State.FAILED, started, options.clock().instant(), 0,
                    "failed: " + message(e), "{}");
            store.completeStage(run.id(), done);
        } catch (OutOfMemoryError e) {
            // recorded as the stage's failure, naming the file being read, so the run ends (exit 3) and
            // the next night starts a new run instead of resuming into the same crash
            done = new RunStage(name, RunStage.State.FAILED, started, options.clock().instant(), 0,
                    "failed: " + org.newskeeper.Activity.describe(e, Thread.currentThread()), "{}");
            store.completeStage(run.id(), done);
        }
        listener.stageFinished(done);
    }

    /** Whether tonight's links stage found the network down (then no public archive is asked either). */
    private static boolean networkDown(RunStore store, Run run) throws IOException {
        return store.stage(run.id(), Stage.LINKS).filter(RunStage::networkUnavailable).isPresent();
    }

    private RunStage skipped(RunStore store, Run run, Stage name, String why) throws IOException {
        Instant now = options.clock().instant();
        RunStage stage = new RunStage(name, RunStage.State.SKIPPED, now, now, 0, why, "{}");
        store.completeStage(run.id(), stage);
        return stage;
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private RunStage check(RunStore store, Run run, CheckCache cache, List<CorpusFile> files) throws IOException {
        Instant started = options.clock().instant();
        List<RunArticle> articles = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        int errors = 0;
        // files whose bytes are unchanged since they were last checked under the same rules,
        // configuration and version are not parsed again: their stored results are used
        try (Stream<CheckedArticle> s = new Validator(options.rules(), options.pack().corpusSettings()).withCache(cache)
                .validate(options.corpus(), files)) {
            // the validator lists the corpus before it starts, so the count is known without a second walk
            Spliterator<CheckedArticle> all = s.spliterator();
            listener.stageStarted(Stage.CHECK, all.getExactSizeIfKnown());
            Iterator<CheckedArticle> it = Spliterators.iterator(all);
            while (it.hasNext()) {
                CheckedArticle c = it.next();
                int e = (int) c.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
                errors += e;
                var a = c.article();
                articles.add(new RunArticle(a.path(), RunArticle.siteOf(a.path()), a.dialect().id(), a.title(),
                        a.source(), a.timestamp(), e, c.findings().size() - e));
                findings.addAll(c.findings());
                listener.progress(Stage.CHECK, articles.size());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        RunStage stage = new RunStage(Stage.CHECK, RunStage.State.DONE, started, options.clock().instant(), articles.size(),
                Counts.of(articles.size(), "article", "articles") + ": " + Counts.of(errors, "error", "errors") + ", "
                        + Counts.of(findings.size() - errors, "warning", "warnings"), "{}");
        store.completeCheck(run.id(), articles, findings, stage);
        return stage;
    }

    private RunStage pack(RunStore store, Run run, List<CorpusFile> files) throws IOException {
        Instant started = options.clock().instant();
        PackOptions p = options.pack();
        // the articles come validated with the check stage's rules; the link statuses from this run
        PackOptions withStatuses = p.withKnownLinks(runStatuses(store, run));
        // only the files whose size, modification time (then digest) differ from what the archive
        // index recorded are read and validated: an unchanged corpus is decided from its listing
        PackResult r = new Packer(withStatuses).pack(new Validator(options.rules(), options.pack().corpusSettings()), files);
        List<RunProblem> problems = new ArrayList<>();
        for (String w : r.warnings()) {
            problems.add(new RunProblem(Stage.PACK, p.out().toString(), -1, "pack-warning", w));
        }
        String message = Counts.of(r.packed(), "article", "articles") + " packed, " + r.unchanged() + " unchanged; "
                + Counts.of(r.captured(), "capture", "captures") + ", " + Counts.of(r.revisits(), "revisit", "revisits") + ", "
                + r.notCaptured() + " not captured; " + Counts.of(r.warcs().size(), "WARC file", "WARC files") + " written"
                + (r.warnings().isEmpty() ? "" : "; " + Counts.of(r.warnings().size(), "warning", "warnings"));
        ObjectNode data = JSON.createObjectNode();
        r.warcs().forEach(w -> data.withArray("warcs").add(w.getFileName().toString()));
        RunStage stage = new RunStage(Stage.PACK, RunStage.State.DONE, started, options.clock().instant(), r.packed(), message,
                data.toString());
        store.completeProblems(run.id(), problems, stage);
        return stage;
    }

    /**
     * The link statuses of {@code run} for pack, read from the run's stored verdicts when an article
     * first needs one: a night whose articles are all unchanged packs none and reads none (at 200,000
     * URLs, reading and keying them took most of pack's time on such a night).
     */
    static KnownLinks runStatuses(RunStore store, Run run) {
        return new KnownLinks() {
            private KnownLinks loaded;

            @Override
            public Optional<KnownLink> latest(String url) {
                return loaded().latest(url);
            }

            private synchronized KnownLinks loaded() {
                if (loaded == null) {
                    Map<String, KnownLink> statuses = new HashMap<>();
                    try {
                        // the verdicts only: the citations and chains of 200,000 URLs are neither read nor held
                        for (RunStore.LinkVerdict l : store.linkVerdicts(run.id())) {
                            statuses.put(l.url(), new KnownLink(l.url(), l.status(), l.code(), l.finalUrl(), Optional.empty()));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    loaded = KnownLinks.of(statuses);
                }
                return loaded;
            }
        };
    }

    /**
     * Verifies tonight's WARC files and the rolling audit slice of the older ones in full (see
     * {@link RollingAudit}), and the corpus's fixity where it changed; records each file read as
     * verified now (table {@code warc_audit}) in the transaction that ends the stage. A file
     * overdue for its audit is a problem ({@link #AUDIT_OVERDUE}).
     */
    private RunStage verify(RunStore store, Run run, Database db) throws IOException {
        Instant started = options.clock().instant();
        Path out = options.out();
        List<Path> paths = Verifier.warcFiles(List.of(out));
        if (paths.isEmpty()) {
            RunStage stage = new RunStage(Stage.VERIFY, RunStage.State.DONE, started, options.clock().instant(), 0,
                    "no WARC files in " + out, "{}");
            store.completeProblems(run.id(), List.of(), stage);
            return stage;
        }
        List<RollingAudit.WarcFile> files = new ArrayList<>();
        for (Path p : paths) {
            files.add(RollingAudit.WarcFile.of(p));
        }
        WarcAudits audits = new WarcAudits(db);
        Map<String, WarcAudits.Audit> last = audits.all();
        Optional<Run> previous = store.previous(run);
        RollingAudit.Plan plan = RollingAudit.plan(files, last, writtenTonight(store, run), started,
                previous.map(Run::started), options.auditEvery());
        listener.stageStarted(Stage.VERIFY, plan.read().size());
        // articles found changed last night are read again, so a change that kept size and mtime stays reported
        Set<String> reread = new HashSet<>();
        if (previous.isPresent()) {
            store.problems(previous.get().id()).stream().filter(p -> p.stage() == Stage.VERIFY && p.kind().equals("changed"))
                    .forEach(p -> reread.add(p.file()));
        }
        VerifyReport v = Verifier.audit(out, plan.read().stream().map(RollingAudit.WarcFile::path).toList(),
                new ArchiveIndex(db), options.pack().collection(), Optional.of(options.corpus()),
                options.pack().corpusSettings(), reread);
        List<RunProblem> problems = new ArrayList<>();
        for (RollingAudit.Overdue o : plan.overdue()) {
            problems.add(new RunProblem(Stage.VERIFY, o.file().path().toString(), -1, AUDIT_OVERDUE, "last verified in full on "
                    + o.lastVerified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", longer ago than audit_every ("
                    + org.newskeeper.config.Durations.format(options.auditEvery()) + "); verified again tonight"));
        }
        for (Problem p : v.problems()) {
            problems.add(new RunProblem(Stage.VERIFY, p.file(), p.offset(), p.check(), p.message()));
        }
        List<WarcAudits.Audit> verified = new ArrayList<>();
        for (RollingAudit.WarcFile f : plan.read()) {
            verified.add(new WarcAudits.Audit(f.key(), f.stamp(), started, (int) v.problemsIn(f.path())));
        }
        Map<String, WarcAudits.Audit> now = new HashMap<>(last);
        verified.forEach(a -> now.put(a.file(), a));
        Set<String> overdue = new HashSet<>();
        plan.overdue().forEach(o -> overdue.add(o.file().key()));
        ObjectNode data = JSON.createObjectNode();
        for (RollingAudit.WarcFile f : files) {
            ObjectNode a = data.withArray("archives").addObject();
            a.put("file", relative(out, f.path()));
            WarcAudits.Audit audit = now.get(f.key());
            if (audit != null && audit.stamp().equals(f.stamp())) {
                a.put("last_verified", audit.verified().toString());
                a.put("result", audit.result());
                a.put("problems", audit.problems());
            }
            a.put("read_tonight", plan.reasons().containsKey(f.key()));
            a.put("overdue", overdue.contains(f.key()));
        }
        String message = Counts.of(plan.read().size(), "WARC file", "WARC files") + " of " + files.size()
                + " verified in full (" + plan.count(RollingAudit.Reason.TONIGHT) + " written tonight, "
                + plan.count(RollingAudit.Reason.NEW) + " new or changed, " + plan.count(RollingAudit.Reason.PROBLEMS)
                + " with problems, " + plan.count(RollingAudit.Reason.SLICE) + " in the audit slice), "
                + Counts.of(v.records(), "record", "records")
                + (problems.isEmpty() ? ", no problems" : ", " + Counts.of(problems.size(), "problem", "problems"))
                + (plan.overdue().isEmpty() ? "" : " (" + plan.overdue().size() + " overdue)")
                + "; corpus fixity checked where it changed";
        RunStage stage = new RunStage(Stage.VERIFY, RunStage.State.DONE, started, options.clock().instant(), v.records(),
                message, data.toString());
        try {
            db.transaction(c -> {
                WarcAudits.record(c, verified);
                store.completeProblems(run.id(), problems, stage);
                return null;
            });
        } catch (java.sql.SQLException e) {
            throw new IOException(db.file() + ": cannot record the verify stage of run " + run.id() + ": "
                    + Database.reason(e), e);
        }
        return stage;
    }

    /** The problem id of a WARC file whose last full verification is older than {@code audit_every}. */
    public static final String AUDIT_OVERDUE = "audit-overdue";

    /** The names of the WARC files tonight's pack wrote (its stage's {@code warcs}). */
    private static Set<String> writtenTonight(RunStore store, Run run) throws IOException {
        Set<String> names = new HashSet<>();
        Optional<RunStage> pack = store.stage(run.id(), Stage.PACK);
        if (pack.isPresent()) {
            try {
                JSON.readTree(pack.get().data()).path("warcs").forEach(w -> names.add(w.asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // an unreadable account names no file: those files are new to the audit anyway
            }
        }
        return names;
    }

    /** {@code file} as a path under {@code out}, with {@code /}. */
    private static String relative(Path out, Path file) {
        Path r = out.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        return r.toString().replace(java.io.File.separatorChar, '/');
    }

    private NightlyResult report(RunStore store, Run run, boolean resumed) throws IOException {
        // The database keeps milliseconds: the report shows the end as `report` will read it back,
        // so that a report regenerated from the database is the same bytes.
        Instant end = options.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        listener.stageStarted(Stage.REPORT, -1);
        Report report = ReportBuilder.build(store, run, Optional.of(end));
        int exit = exitCode(report);
        Path dir = options.checks().resolve(RUNS).resolve(run.id());
        Path latest = options.checks().resolve(LATEST);
        Reports.write(report, dir);
        listener.reportsDrafted(dir);
        Reports.publish(dir, latest);
        store.finish(run.id(), end, exit);
        store.prune(options.keepRuns());
        listener.reportsWritten(dir, latest);
        return new NightlyResult(exit, report, dir, latest, resumed);
    }

    /** 3 when a stage failed or the network was down (links not counted), else 1 when something new is wrong, else 0. */
    public static int exitCode(Report report) {
        if (report.networkUnavailable()
                || report.run().stages().stream().anyMatch(s -> s.state() == RunStage.State.FAILED)) {
            return NightlyResult.FAILED;
        }
        return report.hasNewProblems() ? NightlyResult.NEW_PROBLEMS : NightlyResult.OK;
    }

    /** "1 article", "2 articles". */
    private String settings() {
        ObjectNode o = JSON.createObjectNode();
        o.put("corpus", options.corpus().toString());
        o.put("out", options.out().toString());
        o.put("checks", options.checks().toString());
        o.put("database", options.database().toString());
        o.put("collection", options.pack().collection());
        o.put("capture", options.pack().capture());
        return o.toString();
    }
}
