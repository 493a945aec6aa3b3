package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.HostMap;
import org.newskeeper.check.TimeGateDouble;
import org.newskeeper.check.TimeGateOptions;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.Database;
import org.newskeeper.history.MementoCache;
import org.newskeeper.history.MutableClock;
import org.newskeeper.history.Preservation;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

class ArchiveLookupStageTest {
    private static final String ARCHIVE = "http://archive.test/web/";
    private static final Instant PUBLISHED = Instant.parse("2021-03-15T08:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private MutableClock clock;
    private TimeGateDouble gate;
    private final Map<String, List<Instant>> held = new HashMap<>();

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("links.sqlite"));
        clock = new MutableClock(Instant.parse("2026-01-01T02:00:00Z"));
        gate = new TimeGateDouble(held);
    }

    @AfterEach
    void close() throws IOException {
        gate.close();
        db.close();
    }

    private TimeGateOptions options() {
        return TimeGateOptions.defaults().withTimegates(List.of(ARCHIVE)).withRate(1000)
                .withHostMap(HostMap.all(List.of("archive.test"), gate.address()));
    }

    private static RunLink failing(String url, String status, int citations) {
        List<Citation> cites = new ArrayList<>();
        for (int i = 0; i < citations; i++) {
            cites.add(Citation.of("site/a" + i + ".md", Role.SOURCE));
        }
        return new RunLink(url, org.newskeeper.linkstate.LinkStatus.fromId(status).orElseThrow(), Optional.of(404), Optional.of(url), List.of(), Optional.of("HTTP 404"),
                Optional.empty(), Optional.empty(), 1, false, false, true, cites);
    }

    private static List<RunArticle> articles(int n) {
        List<RunArticle> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new RunArticle("site/a" + i + ".md", "site", "canonical", Optional.of("A" + i), Optional.empty(),
                    Optional.of(PUBLISHED), 0, 0));
        }
        return list;
    }

    private ArchiveLookupStage.Counts night(TimeGateOptions o, List<RunLink> links) throws IOException {
        return new ArchiveLookupStage(o).lookUp(links, articles(5), db, clock, NightlyListener.QUIET);
    }

    @Test
    void theMementoClosestToTheArticlesTimestampIsFoundAndKeptForTheReports() throws IOException {
        String dead = "https://news.example/story";
        held.put(dead, List.of(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-04-01T00:00:00Z")));
        ArchiveLookupStage.Counts c = night(options(), List.of(failing(dead, "broken", 1),
                failing("https://news.example/alive", "ok", 1)));
        assertThat(c.candidates()).isEqualTo(1);
        assertThat(c.found()).isEqualTo(1);
        MementoCache.Entry best = new MementoCache(db).best(dead).orElseThrow();
        assertThat(best.datetime()).contains(Instant.parse("2021-04-01T00:00:00Z"));
        assertThat(best.archive()).isEqualTo("archive.test");
        assertThat(best.requested()).isEqualTo(PUBLISHED);
        assertThat(Preservation.of(db, List.of(dead)).get(dead).state()).isEqualTo(Preservation.State.ARCHIVED_ELSEWHERE);
    }

    @Test
    void theBudgetCapsTheLookupsOfANightAndTheRestComeTheNextNight() throws IOException {
        List<RunLink> links = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            links.add(failing("https://news.example/gone/" + i, "broken", i + 1));
        }
        ArchiveLookupStage.Counts first = night(options().withBudget(2), links);
        assertThat(first.lookups()).isEqualTo(2);
        assertThat(first.deferred()).isEqualTo(3);
        assertThat(gate.requestCount()).isEqualTo(2);
        // the most cited first
        assertThat(gate.requests).extracting(r -> r.getTarget())
                .containsExactly("/web/https://news.example/gone/4", "/web/https://news.example/gone/3");

        clock.advance(Duration.ofDays(1));
        ArchiveLookupStage.Counts second = night(options().withBudget(2), links);
        assertThat(second.cached()).isEqualTo(2);
        assertThat(second.lookups()).isEqualTo(2);
        assertThat(second.deferred()).isEqualTo(1);
    }

    @Test
    void theCachePreventsASecondLookupTheNextNightUntilTheEntryExpires() throws IOException {
        String found = "https://news.example/found";
        String missing = "https://news.example/missing";
        held.put(found, List.of(Instant.parse("2021-01-01T00:00:00Z")));
        List<RunLink> links = List.of(failing(found, "broken", 1), failing(missing, "server-error", 1));
        night(options(), links);
        int afterFirst = gate.requestCount();
        assertThat(afterFirst).isEqualTo(3); // found: TimeGate + memento; missing: TimeGate

        clock.advance(Duration.ofDays(1));
        ArchiveLookupStage.Counts next = night(options(), links);
        assertThat(next.lookups()).isZero();
        assertThat(next.cached()).isEqualTo(2);
        assertThat(gate.requestCount()).isEqualTo(afterFirst);

        clock.advance(Duration.ofDays(7)); // "not found" expired (7 days), "found" not (30 days)
        ArchiveLookupStage.Counts week = night(options(), links);
        assertThat(week.lookups()).isEqualTo(1);
        assertThat(gate.requests).extracting(r -> r.getTarget()).last().isEqualTo("/web/" + missing);

        clock.advance(Duration.ofDays(23));
        int before = gate.requestCount();
        // day 31: the found one expired (30 days), and the missing one again (asked on day 8, expired on day 15)
        assertThat(night(options(), links).lookups()).isEqualTo(2);
        assertThat(gate.requests.stream().skip(before).map(r -> r.getTarget())).contains("/web/" + found);
    }

    @Test
    void aLookupThatFailedAtTheConnectionIsNotCachedAsNotFound() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        TimeGateOptions down = options().withHostMap(HostMap.all(List.of("archive.test"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), closed)));
        String dead = "https://news.example/offline";
        ArchiveLookupStage.Counts c = night(down, List.of(failing(dead, "broken", 1)));
        assertThat(c.failed()).isEqualTo(1);
        MementoCache cache = new MementoCache(db);
        assertThat(cache.entry(dead, ARCHIVE)).isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(night(options(), List.of(failing(dead, "broken", 1))).lookups()).isEqualTo(1);
        assertThat(cache.entry(dead, ARCHIVE).orElseThrow().found()).isFalse();
    }

    @Test
    void aLookupThatKeepsFailingIsRetriedAfterLongerAndLongerWaitsNotEveryNight() throws IOException {
        String flaky = "https://news.example/flaky";
        gate.unavailable.add(flaky);
        TimeGateOptions o = options().withRetries(0, Duration.ofMillis(1));
        List<RunLink> links = List.of(failing(flaky, "broken", 1));
        List<Integer> lookedUp = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        for (int night = 1; night <= 8; night++) {
            ArchiveLookupStage.Counts c = night(o, links);
            lookedUp.add(c.lookups());
            waiting.add(c.waiting());
            clock.advance(Duration.ofDays(1));
        }
        // failures in a row wait 1, 2, 4 days: nights 1, 2, 4 and 8 ask
        assertThat(lookedUp).containsExactly(1, 1, 0, 1, 0, 0, 0, 1);
        assertThat(waiting).containsExactly(0, 0, 1, 0, 1, 1, 1, 0);
        MementoCache cache = new MementoCache(db);
        assertThat(cache.failure(flaky, ARCHIVE).orElseThrow().failures()).isEqualTo(4);
        assertThat(cache.entry(flaky, ARCHIVE)).isEmpty();

        // the archive answers again: the answer is cached and the failures are forgotten
        gate.unavailable.clear();
        clock.advance(Duration.ofDays(8));
        assertThat(night(o, links).notFound()).isEqualTo(1);
        assertThat(cache.failure(flaky, ARCHIVE)).isEmpty();
        assertThat(cache.entry(flaky, ARCHIVE).orElseThrow().found()).isFalse();
    }

    @Test
    void aFailingLookupDoesNotTakeTheBudgetOfTheNextNightFromUrlsNeverAsked() throws IOException {
        String flaky = "https://news.example/flaky";
        gate.unavailable.add(flaky);
        List<RunLink> links = List.of(failing(flaky, "broken", 9), failing("https://news.example/a", "broken", 2),
                failing("https://news.example/b", "broken", 1));
        TimeGateOptions o = options().withRetries(0, Duration.ofMillis(1)).withBudget(1);
        assertThat(night(o, links).failed()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        night(o, links); // the flaky one again (1 day after its first failure), failing
        clock.advance(Duration.ofDays(1));
        ArchiveLookupStage.Counts third = night(o, links);
        assertThat(third.waiting()).isEqualTo(1);
        assertThat(third.notFound()).isEqualTo(1);
        assertThat(gate.requests).extracting(r -> r.getTarget()).last().isEqualTo("/web/https://news.example/a");
    }

    @Test
    void aMementoFoundStaysFoundWhenTheArchiveLaterSaysItHasNone() throws IOException {
        String dead = "https://news.example/gone";
        held.put(dead, List.of(Instant.parse("2021-04-01T00:00:00Z")));
        List<RunLink> links = List.of(failing(dead, "broken", 1));
        assertThat(night(options(), links).found()).isEqualTo(1);

        held.remove(dead);
        clock.advance(MementoCache.FOUND_TTL.plusDays(1));
        ArchiveLookupStage.Counts recheck = night(options(), links);
        assertThat(recheck.lookups()).isEqualTo(1);
        assertThat(recheck.notFound()).isEqualTo(1);
        MementoCache.Entry kept = new MementoCache(db).best(dead).orElseThrow();
        assertThat(kept.datetime()).contains(Instant.parse("2021-04-01T00:00:00Z"));
        assertThat(Preservation.of(db, List.of(dead)).get(dead).state()).isEqualTo(Preservation.State.ARCHIVED_ELSEWHERE);

        // asked again only after another FOUND_TTL
        clock.advance(Duration.ofDays(1));
        assertThat(night(options(), links).cached()).isEqualTo(1);
        clock.advance(MementoCache.FOUND_TTL);
        assertThat(night(options(), links).lookups()).isEqualTo(1);
    }

    @Test
    void anUnchangedNightAnswersEveryUrlFromTheCacheAcrossQueryChunks() throws IOException {
        List<RunLink> links = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            links.add(failing("https://news.example/gone/" + i, "broken", 1));
        }
        TimeGateOptions o = options().withBudget(2000);
        assertThat(night(o, links).lookups()).isEqualTo(1200);
        clock.advance(Duration.ofDays(1));
        int before = gate.requestCount();
        ArchiveLookupStage.Counts next = night(o, links);
        assertThat(next.cached()).isEqualTo(1200);
        assertThat(next.lookups()).isZero();
        assertThat(gate.requestCount()).isEqualTo(before);
    }

    @Test
    void aUrlWeHoldACaptureOfIsNotLookedUpUnlessAllFailingAreAsked() throws IOException {
        String captured = "https://news.example/img/photo.jpg";
        new ArchiveIndex(db).commitFile(new ArchiveIndex.FileEntry("news-1.warc.gz", "news", 10, "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z"), List.of(), List.of(new ArchiveIndex.PayloadEntry("sha1:X",
                "<urn:uuid:1>", captured, "2025-12-31T02:00:00Z", "news-1.warc.gz", 0)));
        assertThat(night(options(), List.of(failing(captured, "broken", 1))).candidates()).isZero();
        assertThat(gate.requestCount()).isZero();
        assertThat(Preservation.of(db, List.of(captured)).get(captured).state()).isEqualTo(Preservation.State.PRESERVED);

        TimeGateOptions all = new TimeGateOptions(options().timegates(), true, true, 1000, 500, 3, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(10), options().addressPolicy(), options().hostMap(), "t");
        assertThat(night(all, List.of(failing(captured, "broken", 1))).lookups()).isEqualTo(1);
    }

    @Test
    void theNightlyRecordsTheArchivesStageAfterLinks() throws IOException {
        RunStore store = new RunStore(db);
        Run run = store.begin(dir.toString(), "{}", clock.instant());
        store.completeLinks(run.id(), List.of(failing("https://news.example/x", "broken", 1)),
                new RunStage(org.newskeeper.history.Stage.LINKS, RunStage.State.DONE, clock.instant(), clock.instant(), 1, "1 URL", "{}"));
        RunStage s = new ArchiveLookupStage(options()).run(run, store, db, clock, NightlyListener.QUIET);
        assertThat(s.state()).isEqualTo(RunStage.State.DONE);
        assertThat(s.message()).contains("1 lookups").contains("1 not found");
        assertThat(store.stage(run.id(), org.newskeeper.history.Stage.ARCHIVES)).isPresent();

        RunStage off = new ArchiveLookupStage(options().withEnabled(false)).run(run, store, db, clock, NightlyListener.QUIET);
        assertThat(off.state()).isEqualTo(RunStage.State.SKIPPED);
    }
}
