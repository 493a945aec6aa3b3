package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.MutableClock;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.Citation;

/** Rechecks spread over the max age, and the budget's priorities, over simulated nights (issue 13 item 2). */
class LinkCheckBudgetTest {
    @TempDir
    Path dir;
    private MockWebServer server;
    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        db = Database.open(dir.resolve("links.sqlite"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        db.close();
    }

    private void route(Function<RecordedRequest, MockResponse> f) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return f.apply(request);
            }
        });
    }

    private static MockResponse answer(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    private List<String> urls(String prefix, int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(server.url("/" + prefix + "/" + i).toString());
        }
        return list;
    }

    private LinkReport night(List<String> urls, LinkCheckOptions.Builder options) throws IOException {
        List<LinkCheck.Request> citations = new ArrayList<>();
        for (String u : urls) {
            citations.add(new LinkCheck.Request(u, Citation.of("a.md", Role.LINK, 1)));
        }
        return new LinkCheck(db).check(citations, options.clock(clock).build(), LinkCheck.QUIET);
    }

    private static LinkCheckOptions.Builder fast() {
        return TestOptions.fast().concurrency(16).perHost(16);
    }

    private static Set<String> requested(LinkReport r) {
        Set<String> s = new HashSet<>();
        r.links().stream().filter(o -> !o.fromHistory()).forEach(o -> s.add(o.url()));
        return s;
    }

    @Test
    void rechecksOfACorpusCheckedOnNightOneAreSpreadOverTheMaxAge() throws IOException {
        route(r -> answer(200));
        List<String> corpus = urls("cn", 700);
        Duration maxAge = Duration.ofDays(7);
        assertThat(night(corpus, fast().maxAge(maxAge)).requested()).isEqualTo(700);
        double share = 700.0 / 7;
        List<Integer> perNight = new ArrayList<>();
        for (int n = 2; n <= 30; n++) {
            clock.advance(Duration.ofHours(24));
            LinkReport r = night(corpus, fast().maxAge(maxAge));
            assertThat(r.links()).hasSize(700);
            perNight.add(r.requested());
        }
        assertThat(perNight).as("rechecks per night, nights 2 to 30").allSatisfy(
                n -> assertThat(n).isLessThanOrEqualTo((int) (2 * share)));
        assertThat(perNight.subList(0, 2)).as("nothing is due before half the max age").containsOnly(0);
        assertThat(perNight.subList(6, 29)).as("from night 8 on, every night takes a share").allSatisfy(
                n -> assertThat(n).isGreaterThan((int) (share / 2)));
        LinkHistory history = new LinkHistory(db, clock);
        assertThat(history.states()).allSatisfy(s -> assertThat(Duration.between(s.lastOk().orElseThrow(), clock.instant()))
                .as("no alive verdict older than one and a half max ages").isLessThan(maxAge.multipliedBy(3).dividedBy(2)));
    }

    @Test
    void eachUrlIsDueAtAStableSlotBetweenHalfAndOneAndAHalfMaxAgesThenEveryMaxAge() {
        Duration maxAge = Duration.ofDays(7);
        Instant ok = Instant.parse("2026-03-01T02:00:00Z");
        for (String u : List.of("https://www.rfi.fr/cn/a", "https://www.voachinese.com/a/1.html", "http://x/")) {
            Instant due = RecheckPlan.due(u, ok, maxAge);
            assertThat(due).isBetween(ok.plus(maxAge.dividedBy(2)), ok.plus(maxAge.multipliedBy(3).dividedBy(2)));
            assertThat(RecheckPlan.due(u, ok, maxAge)).as("stable").isEqualTo(due);
            assertThat(RecheckPlan.due(u, due.plusSeconds(3600), maxAge)).as("rechecked at its slot")
                    .isEqualTo(due.plus(maxAge));
        }
        assertThat(RecheckPlan.due("http://x/", ok, Duration.ZERO)).as("max age 0: always due").isEqualTo(ok);
    }

    @Test
    void theBudgetTakesNewUrlsThenFailingOnesThenTheStalestAliveAndTheDeferredFirstNextNight() throws IOException {
        route(r -> answer(r.getUrl().encodedPath().startsWith("/gone/") ? 404 : 200));
        List<String> alive = urls("cn", 100);
        List<String> gone = urls("gone", 10);
        List<String> all = new ArrayList<>(alive);
        all.addAll(gone);
        Duration maxAge = Duration.ofDays(1);
        night(all, fast().maxAge(maxAge));

        clock.advance(Duration.ofDays(2)); // every alive URL is due (at most 1.5 max ages)
        List<String> fresh = urls("new", 5);
        List<String> tonight = new ArrayList<>(all);
        tonight.addAll(fresh);
        LinkHistory history = new LinkHistory(db, clock);
        List<String> stalest = new ArrayList<>(alive);
        stalest.sort(Comparator.comparing((String u) -> RecheckPlan.due(u,
                history.latest(u).orElseThrow().lastOk().orElseThrow(), maxAge)).thenComparing(u -> u));
        LinkReport second = night(tonight, fast().maxAge(maxAge).budget(Budget.requests(35)));

        assertThat(second.requested()).isEqualTo(35);
        Set<String> asked = requested(second);
        assertThat(asked).containsAll(fresh).containsAll(gone);
        assertThat(asked).containsAll(stalest.subList(0, 20)).doesNotContainAnyElementsOf(stalest.subList(20, 100));
        assertThat(second.links()).hasSize(115);
        assertThat(second.deferred()).isEqualTo(new LinkReport.Deferred(0, 0, 80));
        assertThat(second.deferred().describe()).isEqualTo("80 alive URLs deferred to later nights");
        assertThat(second.links().stream().filter(o -> fresh.contains(o.url()))).allSatisfy(o -> assertThat(o.isNew()).isTrue());

        clock.advance(Duration.ofDays(1));
        LinkReport third = night(tonight, fast().maxAge(maxAge).budget(Budget.requests(35)));
        Set<String> askedAgain = requested(third);
        assertThat(askedAgain).containsAll(gone).doesNotContainAnyElementsOf(fresh);
        askedAgain.removeAll(gone);
        assertThat(askedAgain).hasSize(25).isSubsetOf(stalest.subList(20, 100));
        assertThat(third.links().stream().filter(o -> gone.contains(o.url())))
                .allSatisfy(o -> assertThat(o.consecutiveFailures()).isEqualTo(3));
    }

    @Test
    void aTimeBudgetStopsStartingRequestsAndLeavesNewUrlsForTheNextNightStillNew() throws IOException {
        route(r -> {
            clock.advance(Duration.ofMinutes(1)); // each request takes a minute of the night
            return answer(200);
        });
        List<String> corpus = urls("cn", 40);
        LinkReport first = night(corpus, fast().concurrency(1).perHost(1).budget(Budget.time(Duration.ofMinutes(10))));
        assertThat(first.requested()).isBetween(10, 11);
        assertThat(first.links()).hasSize(first.requested()).allSatisfy(o -> assertThat(o.isNew()).isTrue());
        assertThat(first.deferred().newUrls()).isEqualTo(40 - first.requested());
        assertThat(first.deferred().describe()).startsWith((40 - first.requested()) + " new URLs deferred");

        clock.advance(Duration.ofHours(24));
        LinkReport second = night(corpus, fast().concurrency(4));
        assertThat(second.links()).hasSize(40);
        assertThat(second.requested()).isEqualTo(40 - first.requested());
        assertThat(second.links().stream().filter(o -> !o.fromHistory())).allSatisfy(o -> assertThat(o.isNew()).isTrue());
        assertThat(second.deferred()).isEqualTo(LinkReport.Deferred.NONE);
    }
}
