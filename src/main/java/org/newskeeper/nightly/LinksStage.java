package org.newskeeper.nightly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.newskeeper.check.HostEvent;
import org.newskeeper.check.LinkCheck;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.check.LinkOutcome;
import org.newskeeper.check.LinkReport;
import org.newskeeper.check.Resume;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.history.CheckCache;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.history.Stage;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.rules.ResultCache;

/**
 * The links stage with the link checker: every distinct URL of the corpus once, with its history.
 * When the nightly run is resumed, the link run its interrupted attempt had started is completed
 * ({@link Resume#since}), so nothing is requested or counted twice.
 */
public final class LinksStage implements Nightly.LinkStage {
    private final Path corpus;
    private final LinkCheckOptions options;
    private final CorpusSettings settings;

    /** Checks the links of the articles under {@code corpus} with {@code options} (its clock is the run's). */
    public LinksStage(Path corpus, LinkCheckOptions options) {
        this(corpus, options, CorpusSettings.defaults());
    }

    /** Checks the links of the articles {@code settings} selects under {@code corpus}. */
    public LinksStage(Path corpus, LinkCheckOptions options, CorpusSettings settings) {
        this.corpus = corpus;
        this.options = options;
        this.settings = settings;
    }

    @Override
    public RunStage run(Run run, RunStore store, Database db, Clock clock, NightlyListener listener) throws IOException {
        try (Stream<CorpusFile> files = Corpus.files(corpus, settings)) {
            return run(run, store, db, clock, listener, files.toList());
        }
    }

    /** Checks the links of the listed articles ({@code files}: the night's listing of the corpus). */
    @Override
    public RunStage run(Run run, RunStore store, Database db, Clock clock, NightlyListener listener,
            List<CorpusFile> files) throws IOException {
        Instant started = clock.instant();
        AtomicLong checked = new AtomicLong();
        LinkReport report;
        // A file unchanged since the check stage parsed it (size and mtime, same version) is not
        // read again: its links come from check_results, so the first request waits on no parsing.
        // They are looked up and parsed on a thread of their own, a few batches ahead of the
        // grouping of their URLs, in the listing's order.
        CheckCache.InPathOrder parsed = new CheckCache(db, corpus.toAbsolutePath().normalize().toString()).inPathOrder();
        ReadAhead<Article> ahead = new ReadAhead<>(files.stream().map(f -> stored(parsed, f)
                .orElseGet(() -> ArticleParser.parse(f))).iterator(), 8, "newskeeper-links-read");
        try (Stream<Article> articles = java.util.stream.StreamSupport.stream(
                java.util.Spliterators.spliterator(ahead, files.size(), java.util.Spliterator.ORDERED), false)
                .onClose(ahead::close)) {
            LinkCheckOptions night = options.toBuilder().clock(clock).resume(Resume.since(run.started())).build();
            report = new LinkCheck(db).run(articles, night, new LinkCheck.Listener() {
                @Override
                public void started(int urls, int toRequest) {
                    listener.stageStarted(Stage.LINKS, urls);
                }

                @Override
                public void checked(LinkOutcome outcome) {
                    listener.progress(Stage.LINKS, checked.incrementAndGet());
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // Each URL's row is made as the store reads it (it reads the list twice), not all 207,453 at
        // once beside the outcomes they come from: the outcomes already hold everything.
        List<LinkOutcome> outcomes = report.links();
        List<RunLink> links = new java.util.AbstractList<>() {
            @Override
            public RunLink get(int i) {
                return runLink(outcomes.get(i));
            }

            @Override
            public int size() {
                return outcomes.size();
            }
        };
        Map<LinkStatus, Integer> summary = report.summary();
        String counts = summary.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().id()).collect(Collectors.joining(", "));
        String message = org.newskeeper.Counts.of(links.size(), "URL", "URLs") + ", " + report.requested() + " requested"
                + (counts.isEmpty() ? "" : "; by status: " + counts) + "; " + report.confirmed().size() + " dead"
                + (report.resumed() ? "; completed the link run an interruption had left (what it had observed"
                        + " was kept, not requested again)" : "")
                + (report.deferred().total() > 0 ? "; " + report.deferred().describe() : "")
                + (report.headOnly() > 0 ? "; " + report.describeHeadOnly() : "");
        for (HostEvent h : report.hostEvents()) {
            message += "; " + h.describe();
        }
        // The network was down: said first (the reports quote it), and the stage is unavailable (exit 3).
        RunStage.State state = report.unavailable().isPresent() ? RunStage.State.UNAVAILABLE : RunStage.State.DONE;
        message = report.unavailable().map(u -> u + "; ").orElse("") + message;
        RunStage stage = new RunStage(Stage.LINKS, state, started, clock.instant(), links.size(),
                message, "{\"link_run\":" + report.runId() + "}");
        store.completeLinks(run.id(), links, stage);
        return stage;
    }

    /** The article of {@code f} as the check stage stored it, when the file is unchanged since. */
    static Optional<Article> stored(CheckCache.InPathOrder parsed, CorpusFile f) {
        if (f.problem().isPresent()) {
            return Optional.empty();
        }
        try {
            Optional<CorpusFile.Listed> seen = f.stamp();
            if (seen.isEmpty()) {
                return Optional.empty();
            }
            return parsed.article(f.path(), new ResultCache.Stamp(seen.get().size(), seen.get().modified()))
                    .map(s -> new Article(s.path(), f.file(), s.dialect(), s.timestamp(), s.title(), s.source(),
                            s.published(), s.links()));
        } catch (IOException e) {
            return Optional.empty(); // parsed, which says what is wrong with the file
        }
    }

    static RunLink runLink(LinkOutcome o) {
        // A run keeps which article cites the URL in which role; lines and share details stay with the check.
        Set<Citation> citations = new LinkedHashSet<>();
        for (Citation c : o.citations()) {
            citations.add(Citation.of(c.path(), c.role()));
        }
        return new RunLink(o.url(), o.status(), o.code(), o.finalUrl(), o.redirects(), o.error(), o.firstSeen(), o.lastOk(),
                o.consecutiveFailures(), o.confirmed(), o.fromHistory(), o.isNew(), List.copyOf(citations));
    }
}
