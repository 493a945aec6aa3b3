package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.Dialect;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.history.LinkRun;
import org.newskeeper.history.MutableClock;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.LinkStatus;

/**
 * A link run killed part-way and started again completes as one run, with the same history and
 * report as a run that was never interrupted. The kill is simulated by a listener that throws
 * after some outcomes: the run is left unfinished with the observations recorded so far, as after
 * a SIGKILL between two recorded batches.
 */
class LinkCheckResumeTest {
    @TempDir
    Path dir;
    private MockWebServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Which night the server plays: a link that was broken comes back on night 2. */
    private volatile int night = 1;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                int code = path.startsWith("/gone") ? 404
                        : path.startsWith("/removed") ? 410
                        : path.startsWith("/flaky") ? (night == 1 ? 404 : 200)
                        : 200;
                return new MockResponse.Builder().code(code).build();
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private Article article(String path, String... paths) {
        List<Link> links = new ArrayList<>();
        links.add(new Link(url(paths[0]), Role.SOURCE, "t", Optional.empty(), 2));
        for (int i = 1; i < paths.length; i++) {
            String u = paths[i].contains(":") ? paths[i] : url(paths[i]);
            links.add(new Link(u, Role.LINK, "", Optional.empty(), 4));
        }
        return new Article(path, Path.of(path), Dialect.CANONICAL, Optional.empty(), Optional.of("t"),
                Optional.of(url(paths[0])), Optional.empty(), links);
    }

    /**
     * One worker, its requests 30 ms apart, so that each observation is recorded (and heard) before
     * the next: the killed attempt has observed about as many URLs as it was told about.
     */
    private LinkCheckOptions.Builder options() {
        return TestOptions.fast().concurrency(1).perHost(1).perHostInterval(Duration.ofMillis(30)).clock(clock);
    }

    private static LinkReport run(Database db, LinkCheckOptions o, List<Article> articles) throws IOException {
        return new LinkCheck(db).run(articles.stream(), o);
    }

    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    /** Runs until {@code requests} URLs have been requested and recorded, then dies as if killed. */
    private static void runKilledAfter(Database db, LinkCheckOptions o, List<Article> articles, int requests) {
        AtomicInteger heard = new AtomicInteger();
        assertThatThrownBy(() -> new LinkCheck(db).run(articles.stream(), o, new LinkCheck.Listener() {
            @Override
            public void checked(LinkOutcome outcome) {
                if (!outcome.fromHistory() && !outcome.resumed() && outcome.code().isPresent()
                        && heard.incrementAndGet() == requests) {
                    throw new Killed();
                }
            }
        })).isInstanceOf(Killed.class);
    }

    private Map<String, Integer> hitsSnapshot() {
        Map<String, Integer> m = new HashMap<>();
        hits.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private Map<String, Integer> hitsSince(Map<String, Integer> before) {
        Map<String, Integer> m = new HashMap<>();
        hits.forEach((k, v) -> {
            int n = v.get() - before.getOrDefault(k, 0);
            if (n > 0) {
                m.put(k, n);
            }
        });
        return m;
    }

    private static String pathOf(String url) {
        return okhttp3.HttpUrl.get(url).encodedPath();
    }

    private List<Article> night1() {
        return List.of(article("rfi/1.md", "/cn/1", "/img/1.jpg", "/gone/1", "/flaky/1", "http://", "whatsapp://send?text=x"),
                article("rfi/2.md", "/cn/2", "/gone/2", "/removed/1"));
    }

    /** Night 2: an article is added, with new alive and failing links. */
    private List<Article> night2() {
        List<Article> list = new ArrayList<>(night1());
        list.add(article("rfi/3.md", "/cn/3", "/img/3.jpg", "/gone/3", "/cn/4", "/removed/2"));
        return list;
    }

    @Test
    void aRunKilledPartWayAndStartedAgainEndsAsIfNeverInterrupted() throws IOException {
        try (Database killed = Database.open(dir.resolve("killed.sqlite"));
                Database whole = Database.open(dir.resolve("whole.sqlite"))) {
            LinkHistory k = new LinkHistory(killed, clock);
            LinkHistory w = new LinkHistory(whole, clock);
            run(killed, options().build(), night1());
            run(whole, options().build(), night1());

            clock.advance(Duration.ofHours(24));
            night = 2;
            Map<String, Integer> before = hitsSnapshot();
            LinkReport uninterrupted = run(whole, options().build(), night2());
            Map<String, Integer> wholeHits = hitsSince(before);

            before = hitsSnapshot();
            runKilledAfter(killed, options().build(), night2(), 4);
            Map<String, Integer> killedHits = hitsSince(before);
            LinkRun interrupted = k.latestRun().orElseThrow();
            assertThat(interrupted.finished()).isEmpty();
            Set<String> observed = k.observedIn(interrupted.id());
            List<String> observedRequested = observed.stream().filter(u -> u.startsWith("http://") && u.length() > 7)
                    .map(LinkCheckResumeTest::pathOf).toList();
            assertThat(observedRequested).as("the killed attempt requested failing and alive URLs")
                    .anyMatch(p -> p.startsWith("/gone") || p.startsWith("/removed"))
                    .anyMatch(p -> p.startsWith("/cn") || p.startsWith("/img") || p.startsWith("/flaky"));
            assertThat(observed).as("the rerun has URLs of its own to check").hasSizeLessThan(uninterrupted.links().size());

            before = hitsSnapshot();
            LinkReport resumed = run(killed, options().build(), night2());
            Map<String, Integer> rerunHits = hitsSince(before);

            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.runId()).isEqualTo(interrupted.id()).isEqualTo(uninterrupted.runId());
            for (String p : observedRequested) {
                assertThat(rerunHits).as("no second request for " + p).doesNotContainKey(p);
                assertThat(killedHits.get(p)).as(p).isEqualTo(wholeHits.get(p));
            }
            assertThat(resumed.links()).filteredOn(LinkOutcome::resumed).extracting(LinkOutcome::url)
                    .containsExactlyInAnyOrderElementsOf(observed);
            assertThat(resumed.links()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("resumed")
                    .containsExactlyElementsOf(uninterrupted.links());
            assertThat(resumed.requested()).isEqualTo(uninterrupted.requested());
            assertThat(resumed.summary()).isEqualTo(uninterrupted.summary());
            assertSameHistory(k, w, resumed.runId());
            assertThat(k.runs()).as("one finished run per night").isEqualTo(w.runs())
                    .allMatch(r -> r.finished().isPresent());

            clock.advance(Duration.ofHours(24));
            LinkReport third = run(killed, options().build(), night2());
            LinkReport thirdWhole = run(whole, options().build(), night2());
            assertThat(third.resumed()).isFalse();
            assertThat(third.links()).isEqualTo(thirdWhole.links());
            assertThat(third.confirmed()).extracting(LinkOutcome::url)
                    .containsExactlyInAnyOrder(url("/gone/1"), url("/gone/2"), url("/removed/1"));
            assertSameHistory(k, w, third.runId());
        }
    }

    private static void assertSameHistory(LinkHistory k, LinkHistory w, long runId) {
        assertThat(k.states()).isEqualTo(w.states());
        assertThat(k.changes(runId)).isEqualTo(w.changes(runId));
        for (var s : w.states()) {
            assertThat(k.observations(s.url())).as("observations of " + s.url()).isEqualTo(w.observations(s.url()));
        }
    }

    @Test
    void aRunKilledTwiceIsCompletedByTheThirdAttempt() throws IOException {
        try (Database db = Database.open(dir.resolve("twice.sqlite"))) {
            LinkHistory h = new LinkHistory(db, clock);
            runKilledAfter(db, options().build(), night2(), 2);
            clock.advance(Duration.ofMinutes(5));
            runKilledAfter(db, options().build(), night2(), 2);
            clock.advance(Duration.ofMinutes(5));
            Map<String, Integer> before = hitsSnapshot();
            LinkReport done = run(db, options().build(), night2());
            assertThat(done.resumed()).isTrue();
            assertThat(h.runs()).hasSize(1).allMatch(r -> r.finished().isPresent());
            assertThat(done.links()).filteredOn(LinkOutcome::resumed).hasSizeGreaterThanOrEqualTo(4 + 2);
            for (LinkOutcome o : done.links()) {
                assertThat(h.observations(o.url())).as(o.url()).hasSize(1);
                if (o.resumed() && o.code().isPresent()) {
                    assertThat(hitsSince(before)).doesNotContainKey(pathOf(o.url()));
                }
            }
            assertThat(done.links()).allMatch(LinkOutcome::isNew);
        }
    }

    /** Leaves run 1 unfinished after observing one failure, as a kill would. */
    private static long interruptedRun(LinkHistory h, String gone) {
        long run = h.startRun();
        h.record(run, new LinkObservation(gone, h.clock().instant(), LinkStatus.BROKEN, Optional.of(404),
                Optional.of(gone), List.of(), Optional.of("HTTP 404")), 3, Duration.ofHours(48));
        return run;
    }

    @Test
    void anUnfinishedRunIsResumedWithinTheWindowOnly() throws IOException {
        List<Article> a = List.of(article("a.md", "/cn/a", "/gone/a"));
        try (Database db = Database.open(dir.resolve("window.sqlite"))) {
            LinkHistory h = new LinkHistory(db, clock);
            long first = interruptedRun(h, url("/gone/a"));
            clock.advance(Duration.ofHours(11));
            LinkReport r = run(db, options().build(), a);
            assertThat(r.resumed()).isTrue();
            assertThat(r.runId()).isEqualTo(first);
            assertThat(hits).doesNotContainKey("/gone/a");
            assertThat(r.find(url("/gone/a")).orElseThrow().consecutiveFailures()).isEqualTo(1);
        }
        try (Database db = Database.open(dir.resolve("old.sqlite"))) {
            LinkHistory h = new LinkHistory(db, clock);
            long first = interruptedRun(h, url("/gone/a"));
            clock.advance(Duration.ofHours(13));
            LinkReport r = run(db, options().build(), a);
            assertThat(r.resumed()).as("an abandoned run of last night is not tonight's").isFalse();
            assertThat(r.runId()).isNotEqualTo(first);
            assertThat(hits.get("/gone/a").get()).as("the failure is checked again for real").isPositive();
            LinkOutcome gone = r.find(url("/gone/a")).orElseThrow();
            assertThat(gone.resumed()).isFalse();
            assertThat(gone.consecutiveFailures()).isEqualTo(2);
            assertThat(h.runs()).extracting(x -> x.finished().isPresent()).containsExactly(false, true);
        }
    }

    @Test
    void theCallerDecidesWhetherToResume() throws IOException {
        List<Article> a = List.of(article("a.md", "/cn/a", "/gone/a"));
        try (Database db = Database.open(dir.resolve("never.sqlite"))) {
            interruptedRun(new LinkHistory(db, clock), url("/gone/a"));
            assertThat(run(db, options().resume(Resume.NEVER).build(), a).resumed()).isFalse();
        }
        try (Database db = Database.open(dir.resolve("since.sqlite"))) {
            LinkHistory h = new LinkHistory(db, clock);
            Instant nightlyStarted = clock.instant();
            long first = interruptedRun(h, url("/gone/a"));
            clock.advance(Duration.ofDays(2));
            LinkReport late = run(db, options().resume(Resume.since(nightlyStarted)).build(), a);
            assertThat(late.resumed()).as("the nightly run that started it is being resumed").isTrue();
            assertThat(late.runId()).isEqualTo(first);
        }
        try (Database db = Database.open(dir.resolve("before.sqlite"))) {
            interruptedRun(new LinkHistory(db, clock), url("/gone/a"));
            Resume since = Resume.since(clock.instant().plusSeconds(1));
            assertThat(run(db, options().resume(since).build(), a).resumed())
                    .as("a link run older than the nightly run is not its").isFalse();
        }
        assertThat(hits.get("/gone/a").get()).as("a GET alone (it failed before), twice").isEqualTo(2);
    }

    @Test
    void anUnfinishedRunOverOtherFilesOrStillRunningIsNotTakenUp() throws IOException, SQLException {
        try (Database db = Database.open(dir.resolve("other.sqlite"))) {
            interruptedRun(new LinkHistory(db, clock), url("/gone/elsewhere"));
            LinkReport r = run(db, options().build(), List.of(article("a.md", "/cn/a", "/gone/a")));
            assertThat(r.resumed()).as("the run it would complete looked at a URL not cited now").isFalse();
        }
        Process other = new ProcessBuilder("sleep", "60").start();
        try (Database db = Database.open(dir.resolve("running.sqlite"))) {
            long first = interruptedRun(new LinkHistory(db, clock), url("/gone/a"));
            try (PreparedStatement p = db.connection().prepareStatement("UPDATE link_runs SET pid = ? WHERE id = ?")) {
                p.setLong(1, other.pid());
                p.setLong(2, first);
                p.executeUpdate();
            }
            LinkReport r = run(db, options().build(), List.of(article("a.md", "/cn/a", "/gone/a")));
            assertThat(r.resumed()).as("another live process is running it").isFalse();
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aFinishedRunIsNeverResumed() throws IOException {
        try (Database db = Database.open(dir.resolve("finished.sqlite"))) {
            List<Article> a = List.of(article("a.md", "/cn/a", "/gone/a"));
            LinkReport first = run(db, options().build(), a);
            clock.advance(Duration.ofMinutes(10));
            LinkReport second = run(db, options().build(), a);
            assertThat(second.resumed()).isFalse();
            assertThat(second.runId()).isGreaterThan(first.runId());
            assertThat(second.find(url("/gone/a")).orElseThrow().consecutiveFailures()).isEqualTo(2);
        }
    }

    @Test
    void theResumeWindowIsReadFromTheConfiguration() throws Exception {
        Path toml = dir.resolve("n.toml");
        java.nio.file.Files.writeString(toml, "[links]\nresume_within = \"2h\"\n");
        assertThat(LinkCheckOptions.from(org.newskeeper.config.Config.read(toml)).resume())
                .isEqualTo(Resume.within(Duration.ofHours(2)));
        java.nio.file.Files.writeString(toml, "[links]\nresume_within = \"0\"\n");
        Resume never = LinkCheckOptions.from(org.newskeeper.config.Config.read(toml)).resume();
        assertThat(never.accepts(clock.instant(), clock.instant())).isFalse();
        assertThat(LinkCheckOptions.defaults().resume()).isEqualTo(Resume.DEFAULT);
        assertThat(Stream.of(Duration.ofHours(11), Duration.ofHours(13))
                .map(d -> Resume.DEFAULT.accepts(clock.instant().minus(d), clock.instant()))).containsExactly(true, false);
    }
}
