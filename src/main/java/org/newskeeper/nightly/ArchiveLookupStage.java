package org.newskeeper.nightly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.TimeGateAnswer;
import org.newskeeper.check.TimeGateClient;
import org.newskeeper.check.TimeGateOptions;
import org.newskeeper.history.Database;
import org.newskeeper.history.LocalCaptures;
import org.newskeeper.history.MementoCache;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;
import org.newskeeper.history.RunStore;
import org.newskeeper.linkstate.UrlKey;

/**
 * The archive step of the nightly run, after links: for each failing or blocked URL without a
 * capture of ours (all of them with {@code all_failing}), asks every configured TimeGate for the
 * memento closest to the citing article's timestamp, unless the cache holds a fresh answer; at most
 * {@code budget} lookups a night (confirmed failures first, then the most cited), the rest next night.
 * The answers go to the {@link MementoCache}, where the reports read them.
 */
public final class ArchiveLookupStage implements Nightly.ArchiveStage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TimeGateOptions options;
    private final Function<TimeGateOptions, TimeGateClient> clients;

    public ArchiveLookupStage(TimeGateOptions options) {
        this(options, TimeGateClient::new);
    }

    /** With a client of the caller's (tests give one with a simulated resolver). */
    public ArchiveLookupStage(TimeGateOptions options, Function<TimeGateOptions, TimeGateClient> clients) {
        this.options = options;
        this.clients = clients;
    }

    /**
     * The counts of one night's lookups: {@code waiting} are lookups not made because the URL's last
     * lookups at that TimeGate failed and its retry is not due yet.
     */
    public record Counts(int candidates, int lookups, int found, int notFound, int failed, int cached, int waiting,
            int deferred) {
    }

    @Override
    public RunStage run(Run run, RunStore store, Database db, Clock clock, NightlyListener listener) throws IOException {
        Instant started = clock.instant();
        if (!options.enabled() || options.timegates().isEmpty()) {
            RunStage s = new RunStage(Stage.ARCHIVES, RunStage.State.SKIPPED, started, started, 0,
                    "archive lookups are off ([archives] enabled = false or --no-archive-lookup)", "{}");
            store.completeStage(run.id(), s);
            return s;
        }
        Counts c = lookUp(store.links(run.id(), ArchiveLookupStage::candidate), store.articles(run.id()), db, clock, listener);
        ObjectNode data = JSON.createObjectNode();
        data.put("candidates", c.candidates()).put("lookups", c.lookups()).put("found", c.found())
                .put("not_found", c.notFound()).put("failed", c.failed()).put("cached", c.cached())
                .put("deferred", c.deferred()).put("retry_later", c.waiting());
        String message = c.candidates() + " failing URLs without a capture of ours: " + c.lookups() + " lookups ("
                + c.found() + " found, " + c.notFound() + " not found, " + c.failed() + " failed, not cached), "
                + c.cached() + " answered from the cache"
                + (c.waiting() > 0 ? ", " + c.waiting() + " failed before and retried later" : "")
                + (c.deferred() > 0 ? ", " + c.deferred() + " left for the next night (budget " + options.budget() + ")" : "");
        RunStage s = new RunStage(Stage.ARCHIVES, RunStage.State.DONE, started, clock.instant(), c.lookups(), message,
                data.toString());
        store.completeStage(run.id(), s);
        return s;
    }

    /** Looks up the failing URLs of {@code links}; the answers go to the cache of {@code db}. */
    public Counts lookUp(List<RunLink> links, List<RunArticle> articles, Database db, Clock clock,
            NightlyListener listener) throws IOException {
        Map<String, Instant> published = new HashMap<>();
        for (RunArticle a : articles) {
            a.timestamp().ifPresent(t -> published.put(a.path(), t));
        }
        List<RunLink> failing = new ArrayList<>();
        for (RunLink l : links) {
            if (candidate(l.status())) {
                failing.add(l);
            }
        }
        if (!options.allFailing()) {
            var captured = new LocalCaptures(db).of(failing.stream().map(RunLink::url).toList());
            failing.removeIf(l -> captured.containsKey(l.url()));
        }
        failing.sort(Comparator.comparing((RunLink l) -> !l.confirmed())
                .thenComparing(l -> -l.citations().size()).thenComparing(RunLink::url));
        MementoCache cache = new MementoCache(db);
        // when each candidate is next due at each TimeGate, read for them all at once (one query a
        // URL was most of the stage's time apart from the lookups on a night of 19,784 candidates)
        List<String> urls = failing.stream().map(RunLink::url).toList();
        Map<String, Map<String, MementoCache.Due>> due = new HashMap<>();
        for (String tg : options.timegates()) {
            due.put(tg, cache.dueOf(urls, tg));
        }
        int lookups = 0;
        int found = 0;
        int notFound = 0;
        int failed = 0;
        int cached = 0;
        int waiting = 0;
        int deferred = 0;
        listener.stageStarted(Stage.ARCHIVES, failing.size());
        long done = 0;
        try (TimeGateClient client = clients.apply(options)) {
            for (RunLink l : failing) {
                Instant when = when(l, published, clock);
                String key = UrlKey.normalize(l.url());
                for (String tg : options.timegates()) {
                    Instant now = clock.instant();
                    MementoCache.Due next = due.get(tg).get(key);
                    if (next != null && now.isBefore(next.at())) {
                        if (next.retry()) {
                            waiting++;
                        } else {
                            cached++;
                        }
                        continue;
                    }
                    if (lookups >= options.budget()) {
                        deferred++;
                        continue;
                    }
                    lookups++;
                    TimeGateAnswer a = client.lookup(tg, l.url(), when);
                    cache.put(a, when, clock.instant());
                    switch (a.outcome()) {
                        case FOUND -> found++;
                        case NOT_FOUND -> notFound++;
                        case FAILED -> failed++;
                    }
                }
                listener.progress(Stage.ARCHIVES, ++done);
            }
        }
        return new Counts(failing.size(), lookups, found, notFound, failed, cached, waiting, deferred);
    }

    /** Whether a URL with this status is looked up (when we hold no capture of it): failing or blocked. */
    static boolean candidate(LinkStatus s) {
        return s.isFailure() || s == LinkStatus.BLOCKED;
    }

    /** The datetime to ask for: the earliest citing article's timestamp, else when the URL was last alive, else first seen. */
    static Instant when(RunLink l, Map<String, Instant> published, Clock clock) {
        Optional<Instant> article = l.citations().stream().map(c -> published.get(c.path()))
                .filter(java.util.Objects::nonNull).min(Comparator.naturalOrder());
        return article.or(l::lastOk).or(l::firstSeen).orElse(clock.instant());
    }
}
