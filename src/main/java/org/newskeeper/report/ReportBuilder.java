package org.newskeeper.report;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.newskeeper.Version;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.Confirmation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.UrlKey;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.MementoCache;
import org.newskeeper.history.Preservation;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.history.Triage;
import org.newskeeper.history.TriageStore;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/** Builds the {@link Report} of a run from the run database, comparing it with the previous finished run. */
public final class ReportBuilder {
    /** How many runs the health chart shows at most. */
    public static final int HEALTH_RUNS = 60;

    private ReportBuilder() {
    }

    /** Where {@code newskeeper serve} answers by default: the replay links of the reports point there. */
    public static final String REPLAY_BASE = "http://127.0.0.1:8470";
    private static final java.time.format.DateTimeFormatter DIGITS =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC);

    /** The report of {@code run}; {@code finished} is the time to show when the run is still writing it. */
    public static Report build(RunStore store, Run run, Optional<Instant> finished) throws IOException {
        Optional<Run> previous = store.previous(run);
        List<RunArticle> articles = store.articles(run.id());
        List<Finding> findings = store.findings(run.id());
        // the citations and redirect chains of the failing URLs only (the review rows'); of the
        // previous run, none: the comparison needs each URL's status and confirmation
        List<RunLink> links = store.links(run.id(), ReportBuilder::isProblem);
        List<RunArticle> prevArticles = previous.isPresent() ? store.articles(previous.get().id()) : List.of();
        List<Finding> prevFindings = previous.isPresent() ? store.findings(previous.get().id()) : List.of();
        Map<String, RunLink> prevLinks = new HashMap<>();
        if (previous.isPresent()) {
            for (RunLink l : store.links(previous.get().id(), s -> false)) {
                prevLinks.putIfAbsent(l.url(), l);
            }
        }

        Report.RunInfo info = new Report.RunInfo(run.id(), run.started(), run.finished().or(() -> finished),
                run.corpus(), previous.map(Run::id), store.stages(run.id()));
        var runProblems = store.problems(run.id());
        List<RunProblem> prevProblems = previous.isPresent() ? store.problems(previous.get().id()) : List.of();
        Report.Changes all = changes(articles, prevArticles, findings, prevFindings, links, prevLinks,
                runProblems, prevProblems);
        Map<String, RunArticle> byPath = articles.stream()
                .collect(Collectors.toMap(RunArticle::path, Function.identity(), (a, b) -> a, LinkedHashMap::new));

        List<RunLink> failing = links.stream().filter(l -> isProblem(l.status())).toList();
        Map<String, String> heads = Grouping.heads(failing);
        List<String> headUrls = failing.stream().map(RunLink::url).filter(u -> heads.get(u).equals(u)).toList();
        // the decisions by normalised URL, the latest of each; with none (the usual night), no URL is
        // normalised (at 207,453 URLs, normalising each twice was a third of the report's CPU time)
        Map<String, Triage> decisions = new HashMap<>();
        for (Triage t : new TriageStore(store.database()).all()) {
            decisions.put(t.url(), t);
        }
        Map<String, Report.Review> applying = new HashMap<>();
        List<Report.Resolved> resolved = new ArrayList<>();
        for (RunLink l : decisions.isEmpty() ? List.<RunLink>of() : links) {
            Triage t = decisions.get(UrlKey.normalize(l.url()));
            if (t == null) {
                continue;
            }
            Report.Review review = new Report.Review(t.decision().id(), t.replacement(), t.note(), t.by(), t.at());
            if (!isProblem(l.status())) {
                resolved.add(new Report.Resolved(l.url(), Format.display(l.url()), l.status(), review));
            } else if (applies(t, l)) {
                applying.put(l.url(), review);
            }
        }
        Map<String, Report.Copy> copies = copies(store, failing, headUrls);

        Set<String> newBroken = new HashSet<>(all.newBroken());
        Map<String, List<RunLink>> folded = new LinkedHashMap<>();
        for (RunLink l : failing) {
            String head = heads.get(l.url());
            if (!head.equals(l.url())) {
                folded.computeIfAbsent(head, k -> new ArrayList<>()).add(l);
            }
        }
        List<Report.LinkProblem> problems = failing.stream()
                .filter(l -> heads.get(l.url()).equals(l.url()))
                .map(l -> problem(l, folded.getOrDefault(l.url(), List.of()), newBroken.contains(l.url()),
                        run.started(), byPath, Optional.ofNullable(applying.get(l.url())),
                        copies.getOrDefault(l.url(), Report.Copy.NONE)))
                .sorted(REVIEW_ORDER)
                .toList();
        Set<String> review = problems.stream().filter(Report.LinkProblem::needsReview).map(Report.LinkProblem::url)
                .collect(Collectors.toSet());
        Report.Changes changes = new Report.Changes(all.newArticles(), all.removedArticles(), all.newFindings(),
                all.fixedFindings(), all.newErrors(), all.newBroken().stream().filter(review::contains).toList(),
                all.newlyConfirmed().stream().filter(review::contains).toList(), all.fixed(),
                all.stillBroken().stream().filter(review::contains).toList(), all.newProblems());

        Map<String, Long> byStatus = new TreeMap<>();
        for (RunLink l : links) {
            byStatus.merge(l.status().id(), 1L, Long::sum);
        }
        int errors = (int) findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        int dead = 0;
        int failingCount = 0;
        int blocked = 0;
        int triaged = 0;
        Map<String, Integer> kept = new HashMap<>();
        for (Report.LinkProblem p : problems) {
            kept.merge(p.copy().state(), 1, Integer::sum);
            if (!p.needsReview()) {
                triaged++;
            } else if (p.state().equals(Report.DEAD)) {
                dead++;
            } else if (p.state().equals(Report.BLOCKED)) {
                blocked++;
            } else {
                failingCount++;
            }
        }
        Report.Summary summary = new Report.Summary(articles.size(),
                (int) articles.stream().filter(a -> a.errors() > 0).count(), errors, findings.size() - errors,
                links.size(), byStatus, dead, failingCount, blocked, triaged, kept.getOrDefault("preserved", 0),
                kept.getOrDefault("archived-elsewhere", 0), kept.getOrDefault("lost", 0), dead, failingCount + blocked,
                runProblems.size(), previous.isEmpty());
        return new Report(Version.NAME + " " + Version.version(), info, summary, changes, problems, resolved,
                byRule(findings), health(store, run), runProblems, articles, archives(info.stages()));
    }

    /** The WARC files and their last full verifications, from the verify stage's account (see {@code Nightly}). */
    static List<Report.Archive> archives(List<RunStage> stages) {
        List<Report.Archive> out = new ArrayList<>();
        for (RunStage s : stages) {
            if (s.name() != Report.VERIFY_STAGE) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode data;
            try {
                data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s.data());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                continue;
            }
            for (com.fasterxml.jackson.databind.JsonNode a : data.path("archives")) {
                Optional<Instant> last = a.hasNonNull("last_verified") ? Optional.of(Instant.parse(a.get("last_verified").asText()))
                        : Optional.empty();
                out.add(new Report.Archive(a.path("file").asText(), last,
                        a.hasNonNull("result") ? Optional.of(a.get("result").asText()) : Optional.empty(),
                        a.path("problems").asInt(0), a.path("read_tonight").asBoolean(false), a.path("overdue").asBoolean(false)));
            }
        }
        return out;
    }

    /**
     * The review order: rows needing review first; among them new and dead, then dead, then failing,
     * then blocked; within each, the most cited first; then by URL.
     */
    static final Comparator<Report.LinkProblem> REVIEW_ORDER = Comparator
            .comparing((Report.LinkProblem p) -> !p.needsReview())
            .thenComparingInt(ReportBuilder::rank)
            .thenComparingInt(p -> -p.citations())
            .thenComparing(Report.LinkProblem::url);

    private static int rank(Report.LinkProblem p) {
        if (p.state().equals(Report.DEAD)) {
            return p.isNew() ? 0 : 1;
        }
        return p.state().equals(Report.FAILING) ? 2 : 3;
    }

    /**
     * Whether a decision still applies to a failing URL: a {@code handled} URL that was seen alive after
     * the decision and fails again is new again; the other decisions hold while the URL fails.
     */
    static boolean applies(Triage t, RunLink l) {
        if (t.decision() == Triage.Decision.HANDLED) {
            return l.lastOk().map(ok -> !ok.isAfter(t.at())).orElse(true);
        }
        return true;
    }

    /** Our capture of each row's URL (or of where its redirects led), else a public memento, else none. */
    private static Map<String, Report.Copy> copies(RunStore store, List<RunLink> failing, List<String> heads)
            throws IOException {
        Map<String, RunLink> byUrl = new HashMap<>();
        failing.forEach(l -> byUrl.put(l.url(), l));
        List<String> asked = new ArrayList<>(heads);
        for (String u : heads) {
            byUrl.get(u).finalUrl().filter(f -> !f.equals(u)).ifPresent(asked::add);
        }
        Map<String, Preservation.Copy> found = Preservation.of(store.database(), asked);
        Map<String, Report.Copy> out = new HashMap<>();
        for (String u : heads) {
            Preservation.Copy c = found.get(UrlKey.normalize(u));
            Optional<String> last = byUrl.get(u).finalUrl();
            if ((c == null || c.capture().isEmpty()) && last.isPresent()) {
                Preservation.Copy viaRedirect = found.get(UrlKey.normalize(last.get()));
                if (viaRedirect != null && viaRedirect.capture().isPresent()) {
                    c = viaRedirect;
                }
            }
            out.put(u, c == null ? Report.Copy.NONE : copy(c));
        }
        return out;
    }

    private static Report.Copy copy(Preservation.Copy c) {
        if (c.capture().isPresent()) {
            ArchiveIndex.PayloadEntry e = c.capture().get();
            Optional<String> replay = Optional.empty();
            try {
                replay = Optional.of(REPLAY_BASE + "/replay/" + DIGITS.format(Instant.parse(e.date())) + "/" + e.targetUri());
            } catch (RuntimeException ignored) {
                // a WARC-Date we cannot read: no replay link
            }
            return new Report.Copy("preserved", Optional.of(e.date()), Optional.of(e.targetUri()),
                    Optional.of(e.filename()), Optional.of(e.recordId()), replay, Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        if (c.memento().isPresent() && c.memento().get().memento().isPresent()) {
            MementoCache.Entry m = c.memento().get();
            return new Report.Copy("archived-elsewhere", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), m.memento(), m.datetime(), Optional.of(m.archive()));
        }
        return Report.Copy.NONE;
    }

    private static Report.Changes changes(List<RunArticle> articles, List<RunArticle> prevArticles,
            List<Finding> findings, List<Finding> prevFindings, List<RunLink> links, Map<String, RunLink> prevLinks,
            List<RunProblem> problems, List<RunProblem> prevProblems) {
        Set<String> paths = articles.stream().map(RunArticle::path).collect(Collectors.toSet());
        Set<String> prevPaths = prevArticles.stream().map(RunArticle::path).collect(Collectors.toSet());
        List<String> newArticles = articles.stream().map(RunArticle::path).filter(p -> !prevPaths.contains(p)).toList();
        List<String> removed = prevArticles.stream().map(RunArticle::path).filter(p -> !paths.contains(p)).toList();

        Set<String> keys = findings.stream().map(ReportBuilder::key).collect(Collectors.toSet());
        Set<String> prevKeys = prevFindings.stream().map(ReportBuilder::key).collect(Collectors.toSet());
        List<Finding> newFindings = findings.stream().filter(f -> !prevKeys.contains(key(f))).toList();
        List<Finding> fixedFindings = prevFindings.stream().filter(f -> !keys.contains(key(f))).toList();
        int newErrors = (int) newFindings.stream().filter(f -> f.severity() == Severity.ERROR).count();

        List<String> newBroken = new ArrayList<>();
        List<String> newlyConfirmed = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        List<String> still = new ArrayList<>();
        for (RunLink l : links) {
            RunLink before = prevLinks.get(l.url());
            boolean failing = isProblem(l.status());
            boolean failed = before != null && isProblem(before.status());
            if (failing && (!failed || l.isNew())) {
                // new since the previous run; a URL the link history saw for the first time is new too
                newBroken.add(l.url());
            }
            if (failing && failed && !l.isNew()) {
                still.add(l.url());
            }
            if (!failing && failed) {
                fixed.add(l.url());
            }
            if (failing && l.confirmed() && (before == null || !(failed && before.confirmed()))) {
                newlyConfirmed.add(l.url());
            }
        }
        Set<String> prevProblemKeys = prevProblems.stream().map(ReportBuilder::key).collect(Collectors.toSet());
        List<RunProblem> newProblems = problems.stream().filter(p -> !prevProblemKeys.contains(key(p))).toList();
        return new Report.Changes(newArticles, removed, newFindings, fixedFindings, newErrors, newBroken,
                newlyConfirmed, fixed, still, newProblems);
    }

    /**
     * Whether a URL with this status is failing (a row of the review table): a failure or an
     * inconclusive answer ({@code blocked}, never confirmed). Not-checked statuses are not: an
     * {@code invalid} URL is a defect of the article, reported among the findings.
     */
    static boolean isProblem(LinkStatus status) {
        return status.kind() == LinkStatus.Kind.FAILURE || status.kind() == LinkStatus.Kind.INCONCLUSIVE;
    }

    private static String key(RunProblem p) {
        return p.stage() + "\u0000" + p.file() + "\u0000" + p.kind() + "\u0000" + p.message();
    }

    private static String key(Finding f) {
        return f.path() + "\u0000" + f.rule() + "\u0000" + f.severity() + "\u0000" + f.message();
    }

    private static Report.LinkProblem problem(RunLink l, List<RunLink> folded, boolean isNew, Instant at,
            Map<String, RunArticle> articles, Optional<Report.Review> triage, Report.Copy copy) {
        Optional<Instant> since = l.lastOk().or(l::firstSeen);
        long age = since.map(s -> Math.max(0, Duration.between(s, at).toDays())).orElse(0L);
        Map<String, Report.Citing> citing = new LinkedHashMap<>();
        TreeSet<String> roles = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        hosts.add(l.host());
        List<RunLink> all = new ArrayList<>();
        all.add(l);
        all.addAll(folded);
        for (RunLink x : all) {
            hosts.add(x.host());
            for (Citation c : x.citations()) {
                roles.add(c.role().id());
                RunArticle a = articles.get(c.path());
                citing.putIfAbsent(c.path() + "\u0000" + c.role().id(), new Report.Citing(c,
                        a == null ? RunArticle.siteOf(c.path()) : a.site(), a == null ? Optional.empty() : a.title()));
            }
        }
        hosts.remove("");
        List<Report.SharedVia> via = folded.stream()
                .map(x -> new Report.SharedVia(x.url(), Format.display(x.url()), x.status(), x.code())).toList();
        long distinct = citing.values().stream().map(Report.Citing::path).distinct().count();
        String state = l.status() == LinkStatus.BLOCKED ? Report.BLOCKED : l.confirmed() ? Report.DEAD : Report.FAILING;
        return new Report.LinkProblem(l.url(), Format.display(l.url()), l.host(), l.status(), state,
                stateText(state, l.consecutiveFailures()), Confirmation.of(l.confirmed()), l.code(),
                l.finalUrl(), l.redirects(), l.error(), l.firstSeen(), l.lastOk(), l.consecutiveFailures(), isNew, age,
                (int) distinct, distinct > Report.BOILERPLATE, List.copyOf(roles), List.copyOf(hosts), via, triage,
                copy, wayback(l.url()), List.copyOf(citing.values()));
    }

    /** {@code dead (3 failures over 48 h)}, {@code failing, 1 of 3 nights}, {@code blocked}. */
    static String stateText(String state, int failures) {
        if (state.equals(Report.DEAD)) {
            return "dead (" + failures + " failures, confirmed)";
        }
        if (state.equals(Report.BLOCKED)) {
            return "blocked (the server would not say)";
        }
        if (failures < Report.CONFIRM_AFTER) {
            return "failing, " + failures + " of " + Report.CONFIRM_AFTER + " nights";
        }
        return "failing, " + failures + " nights, dead once they span " + Report.CONFIRM_HOURS + " h";
    }

    /** The Wayback Machine's lookup page for {@code url}: {@code https://web.archive.org/web/*}{@code /URL}. */
    public static String wayback(String url) {
        StringBuilder b = new StringBuilder("https://web.archive.org/web/*/");
        for (byte x : url.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}'".indexOf(c) >= 0) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static List<Report.RuleFindings> byRule(List<Finding> findings) {
        Map<String, List<Finding>> groups = new TreeMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(f.rule(), r -> new ArrayList<>()).add(f);
        }
        List<Report.RuleFindings> out = new ArrayList<>();
        groups.forEach((rule, fs) -> {
            List<Finding> sorted = fs.stream()
                    .sorted(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)).toList();
            int e = (int) fs.stream().filter(f -> f.severity() == Severity.ERROR).count();
            out.add(new Report.RuleFindings(rule, e, fs.size() - e, sorted));
        });
        out.sort(Comparator.comparingInt((Report.RuleFindings r) -> -r.errors())
                .thenComparingInt(r -> -r.findings().size()).thenComparing(Report.RuleFindings::rule));
        return out;
    }

    private static List<Report.HealthPoint> health(RunStore store, Run run) throws IOException {
        List<Report.HealthPoint> out = new ArrayList<>();
        for (Map.Entry<Run, Map<RunStore.LinkCount, Long>> e : store.linkCounts(run, HEALTH_RUNS).entrySet()) {
            long ok = 0;
            long redirected = 0;
            long suspect = 0;
            long broken = 0;
            long other = 0;
            for (Map.Entry<RunStore.LinkCount, Long> c : e.getValue().entrySet()) {
                LinkStatus status = c.getKey().status();
                if (status == LinkStatus.OK) {
                    ok += c.getValue();
                } else if (status == LinkStatus.REDIRECTED) {
                    redirected += c.getValue();
                } else if (!isProblem(status)) {
                    other += c.getValue();
                } else if (c.getKey().confirmed()) {
                    broken += c.getValue();
                } else {
                    suspect += c.getValue();
                }
            }
            out.add(new Report.HealthPoint(e.getKey().id(), e.getKey().started(), ok, redirected, suspect, broken, other));
        }
        return out;
    }
}
