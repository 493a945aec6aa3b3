package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

class LinkHistoryTest {
    private static final Duration SPAN = Duration.ofHours(48);
    private static final Duration NIGHT = Duration.ofHours(24);

    @TempDir
    Path dir;
    private Database db;
    private MutableClock clock;
    private LinkHistory history;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dir.resolve("links.sqlite"));
        clock = new MutableClock(Instant.parse("2026-01-01T02:00:00Z"));
        history = new LinkHistory(db, clock);
    }

    @AfterEach
    void close() throws IOException {
        db.close();
    }

    private LinkState observe(String url, LinkStatus status, Integer code) {
        long run = history.startRun();
        LinkState s = history.record(run, new LinkObservation(url, clock.instant(), status, Optional.ofNullable(code),
                Optional.of(url), List.of(), status.isAlive() ? Optional.empty() : Optional.of("HTTP " + code)), 3, SPAN);
        history.finishRun(run, 1, 1);
        return s;
    }

    @Test
    void anUnfinishedRunHasNoEndWhileAFinishedOneHasItsEnd() {
        long finished = history.startRun();
        history.finishRun(finished, 1, 1);
        clock.advance(NIGHT);
        long killed = history.startRun();
        List<LinkRun> runs = history.runs();
        assertThat(runs).extracting(LinkRun::id).containsExactly(finished, killed);
        assertThat(runs.get(0).finished()).contains(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(runs.get(1).finished()).isEmpty();
    }

    @Test
    void aFailureIsConfirmedOnlyAfterThreeFailuresSpanningTwoDays() {
        String url = "https://www.rfi.fr/cn/gone";
        LinkState first = observe(url, LinkStatus.BROKEN, 404);
        assertThat(first.consecutiveFailures()).isEqualTo(1);
        assertThat(first.confirmed()).isFalse();
        clock.advance(NIGHT);
        assertThat(observe(url, LinkStatus.BROKEN, 404).confirmed()).isFalse();
        clock.advance(NIGHT);
        LinkState third = observe(url, LinkStatus.BROKEN, 404);
        assertThat(third.consecutiveFailures()).isEqualTo(3);
        assertThat(third.failingSince()).contains(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(third.confirmed()).isTrue();
        assertThat(history.latest(url).orElseThrow().confirmed()).isTrue();
    }

    @Test
    void threeFailuresInOneNightAreStillASuspect() {
        String url = "https://www.rfi.fr/cn/flaky";
        observe(url, LinkStatus.TIMEOUT, null);
        clock.advance(Duration.ofMinutes(30));
        observe(url, LinkStatus.SERVER_ERROR, 503);
        clock.advance(Duration.ofMinutes(30));
        LinkState s = observe(url, LinkStatus.TIMEOUT, null);
        assertThat(s.consecutiveFailures()).isEqualTo(3);
        assertThat(s.confirmed()).isFalse();
    }

    @Test
    void aliveResetsTheStreakAndBlockedNeitherCountsNorResets() {
        String url = "https://s.rfi.fr/image.jpg";
        observe(url, LinkStatus.BROKEN, 404);
        clock.advance(NIGHT);
        LinkState blocked = observe(url, LinkStatus.BLOCKED, 403);
        assertThat(blocked.consecutiveFailures()).isEqualTo(1);
        clock.advance(NIGHT);
        LinkState alive = observe(url, LinkStatus.OK, 200);
        assertThat(alive.consecutiveFailures()).isZero();
        assertThat(alive.failingSince()).isEmpty();
        assertThat(alive.lastOk()).contains(clock.instant());
        assertThat(alive.firstSeen()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
    }

    @Test
    void everyObservationIsKeptWithItsRedirectChain() {
        String url = "https://rfi.my/AbC";
        long run = history.startRun();
        history.record(run, new LinkObservation(url, clock.instant(), LinkStatus.REDIRECTED, Optional.of(200),
                Optional.of("https://www.rfi.fr/cn/a"), List.of(new Redirect(url, 301)), Optional.empty()), 3, SPAN);
        clock.advance(NIGHT);
        observe(url, LinkStatus.BROKEN, 404);
        List<LinkObservation> all = history.observations(url);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).redirects()).containsExactly(new Redirect(url, 301));
        assertThat(all.get(0).finalUrl()).contains("https://www.rfi.fr/cn/a");
        assertThat(all.get(1).status()).isEqualTo(LinkStatus.BROKEN);
        assertThat(all.get(1).code()).contains(404);
    }

    @Test
    void urlsAreLookedUpByTheirNormalisedKey() {
        observe("HTTPS://WWW.RFI.FR:443/cn/a#comments", LinkStatus.OK, 200);
        assertThat(history.latest("https://www.rfi.fr/cn/a")).isPresent();
        assertThat(history.latest("https://www.rfi.fr/cn/b")).isEmpty();
    }

    @Test
    void manyUrlsAreLookedUpAtOnceByTheirKeys() {
        observe("https://www.rfi.fr/cn/a", LinkStatus.OK, 200);
        observe("https://www.rfi.fr/cn/b", LinkStatus.BROKEN, 404);
        java.util.List<String> asked = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            asked.add("https://www.rfi.fr/cn/never-" + i);
        }
        asked.add("HTTPS://www.rfi.fr/cn/a");
        asked.add("https://www.rfi.fr/cn/b#x");
        java.util.Map<String, LinkState> found = history.latest(asked);
        assertThat(found).containsOnlyKeys("https://www.rfi.fr/cn/a", "https://www.rfi.fr/cn/b");
        assertThat(found.get("https://www.rfi.fr/cn/b").status()).isEqualTo(LinkStatus.BROKEN);
    }

    @ParameterizedTest(name = "{0} URLs asked")
    @ValueSource(ints = {2, 6_000})
    void aRowPassedOverAtAGlanceIsNotGivenToTheSinkAndTheGlanceSeesItsStatusAndLastSuccess(int asked) {
        observe("https://www.rfi.fr/cn/a", LinkStatus.OK, 200);
        Instant aliveAt = clock.instant();
        clock.advance(NIGHT);
        observe("https://www.rfi.fr/cn/b", LinkStatus.BROKEN, 404);
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("https://www.rfi.fr/cn/a",
                "https://www.rfi.fr/cn/b"));
        for (int i = keys.size(); i < asked; i++) {
            keys.add("https://www.rfi.fr/cn/never-" + i); // past the size at which the table is scanned
        }
        java.util.Map<String, String> glanced = new java.util.HashMap<>();
        java.util.List<String> given = new java.util.ArrayList<>();
        history.eachState(keys, keys::contains, (url, status, lastOk) -> {
            glanced.put(url, status.id() + "@" + lastOk);
            return status.isAlive();
        }, s -> given.add(s.url()));
        assertThat(glanced).containsOnly(java.util.Map.entry("https://www.rfi.fr/cn/a", "ok@" + aliveAt.toEpochMilli()),
                java.util.Map.entry("https://www.rfi.fr/cn/b", "broken@-1"));
        assertThat(given).containsExactly("https://www.rfi.fr/cn/b");
    }

    @Test
    void freshnessFollowsTheMaxAge() {
        LinkState s = observe("https://www.voachinese.com/a/1.html", LinkStatus.OK, 200);
        clock.advance(Duration.ofDays(6));
        assertThat(history.fresh(s, Duration.ofDays(7))).isTrue();
        clock.advance(Duration.ofDays(2));
        assertThat(history.fresh(s, Duration.ofDays(7))).isFalse();
        LinkState broken = observe("https://www.voachinese.com/a/2.html", LinkStatus.BROKEN, 404);
        assertThat(history.fresh(broken, Duration.ofDays(7))).isFalse();
    }

    @Test
    void changesSinceThePreviousRunTellNewFixedAndStillBroken() {
        long run1 = history.startRun();
        record(run1, "https://a.example/fixed", LinkStatus.BROKEN);
        record(run1, "https://a.example/still", LinkStatus.BROKEN);
        record(run1, "https://a.example/newly", LinkStatus.OK);
        record(run1, "https://a.example/steady", LinkStatus.OK);
        history.finishRun(run1, 4, 4);
        clock.advance(NIGHT);
        long run2 = history.startRun();
        record(run2, "https://a.example/fixed", LinkStatus.OK);
        record(run2, "https://a.example/still", LinkStatus.TIMEOUT);
        record(run2, "https://a.example/newly", LinkStatus.BROKEN);
        assertThat(history.citedAll(run2, List.of("https://a.example/steady")).get("https://a.example/steady").lastRun())
                .isEqualTo(run2);
        record(run2, "https://a.example/brand-new", LinkStatus.SOFT_404);
        history.finishRun(run2, 5, 4);

        assertThat(history.changes(run2)).extracting(c -> c.url() + " " + c.kind().id()).containsExactly(
                "https://a.example/brand-new new-broken",
                "https://a.example/fixed fixed",
                "https://a.example/newly broken",
                "https://a.example/still still-broken");
        assertThat(history.lastRun().orElseThrow().id()).isEqualTo(run2);
        assertThat(history.states()).hasSize(5);
        assertThat(history.failing()).extracting(LinkState::url).containsExactly(
                "https://a.example/brand-new", "https://a.example/newly", "https://a.example/still");
    }

    @Test
    void citingUrlsFromTheHistoryMarksExactlyThoseAsCitedInTheRunWhateverTheirCharacters() {
        long run1 = history.startRun();
        List<String> odd = List.of("https://a.example/q?x=\"1\"", "https://a.example/back\\slash", "https://a.example/中文",
                "https://a.example/plain");
        for (String url : odd) {
            record(run1, url, LinkStatus.OK);
        }
        record(run1, "https://a.example/not-cited", LinkStatus.OK);
        history.finishRun(run1, 5, 5);
        long run2 = history.startRun();
        Map<String, LinkState> before = history.latest(odd);
        assertThat(before).hasSize(4);
        assertThat(history.citedStates(run2, before)).allSatisfy((url, s) -> {
            assertThat(s.lastRun()).isEqualTo(run2);
            assertThat(s.previousStatus()).contains(LinkStatus.OK);
        });
        assertThat(history.citedIn(run2)).containsExactlyInAnyOrderElementsOf(before.keySet());
    }

    @Test
    void aVerdictTakenFromTheHistoryOrRepeatedReadsBackWithItsOwnStatusAsThePreviousOneWithoutWritingIt()
            throws java.sql.SQLException {
        long run1 = history.startRun();
        record(run1, "https://a.example/steady", LinkStatus.OK);
        record(run1, "https://a.example/down", LinkStatus.BROKEN);
        record(run1, "https://a.example/turned", LinkStatus.OK);
        history.finishRun(run1, 3, 3);
        assertThat(history.latest("https://a.example/steady").orElseThrow().previousStatus()).as("new").isEmpty();
        clock.advance(NIGHT);
        long run2 = history.startRun();
        history.citedAll(run2, List.of("https://a.example/steady"));
        record(run2, "https://a.example/down", LinkStatus.BROKEN);
        record(run2, "https://a.example/turned", LinkStatus.BROKEN);
        history.finishRun(run2, 3, 2);

        Map<String, LinkState> read = history.latest(List.of("https://a.example/steady", "https://a.example/down",
                "https://a.example/turned"));
        assertThat(read.get("https://a.example/steady").previousStatus()).contains(LinkStatus.OK);
        assertThat(read.get("https://a.example/steady").lastRun()).isEqualTo(run2);
        assertThat(read.get("https://a.example/down").previousStatus()).contains(LinkStatus.BROKEN);
        assertThat(read.get("https://a.example/turned").previousStatus()).contains(LinkStatus.OK);
        assertThat(history.changes(run2)).extracting(c -> c.url() + " " + c.kind().id()).containsExactly(
                "https://a.example/down still-broken", "https://a.example/turned broken");
        // a status that is the row's own is implied, not written: an unchanged night does not grow the rows
        try (java.sql.Statement s = db.connection().createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT url FROM link_states WHERE previous_status IS NOT NULL")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("https://a.example/turned");
            assertThat(r.next()).isFalse();
        }

        clock.advance(NIGHT);
        long run3 = history.startRun();
        history.citedAll(run3, List.of("https://a.example/turned"));
        history.finishRun(run3, 1, 0);
        assertThat(history.latest("https://a.example/turned").orElseThrow().previousStatus())
                .as("taken from the history: its status of run 2").contains(LinkStatus.BROKEN);
        assertThat(history.changes(run3)).extracting(c -> c.url() + " " + c.kind().id())
                .containsExactly("https://a.example/turned still-broken");
    }

    @Test
    void aPreviousStatusWrittenOutByAnOlderVersionReadsAsItDid() throws java.sql.SQLException {
        long run1 = history.startRun();
        record(run1, "https://a.example/steady", LinkStatus.OK);
        history.finishRun(run1, 1, 1);
        long run2 = history.startRun();
        history.finishRun(run2, 1, 0);
        try (java.sql.Statement s = db.connection().createStatement()) {
            // what versions before wrote for a verdict taken from the history
            s.executeUpdate("UPDATE link_states SET previous_status = status, last_run = " + run2);
        }
        LinkState old = history.latest("https://a.example/steady").orElseThrow();
        assertThat(old.previousStatus()).contains(LinkStatus.OK);
        assertThat(history.citedIn(run2)).containsExactly("https://a.example/steady");
        long run3 = history.startRun();
        history.citedAll(run3, List.of("https://a.example/steady"));
        assertThat(history.latest("https://a.example/steady").orElseThrow().previousStatus()).contains(LinkStatus.OK);
    }

    @Test
    void theFirstRunsRowsAreWrittenWithRoomSoTheNextRunTakingThemFromTheHistoryDoesNotGrowThem()
            throws java.sql.SQLException {
        long run1 = history.startRun();
        assertThat(run1).as("the run whose number grows a byte on the next").isEqualTo(1);
        List<LinkObservation> night = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String url = "https://a.example/article/" + i;
            night.add(new LinkObservation(url, clock.instant(), LinkStatus.OK, Optional.of(200), Optional.of(url),
                    List.of(), Optional.empty()));
        }
        history.recordAll(run1, night, 3, SPAN);
        history.finishRun(run1, night.size(), night.size());
        long before = pages("link_states");
        clock.advance(NIGHT);
        long run2 = history.startRun();
        Map<String, LinkState> cited = history.citedAll(run2, night.stream().map(LinkObservation::url).toList());
        history.finishRun(run2, night.size(), 0);

        assertThat(pages("link_states")).as("pages of link_states").isEqualTo(before);
        LinkState read = history.latest("https://a.example/article/7").orElseThrow();
        assertThat(read).isEqualTo(cited.get("https://a.example/article/7"));
        assertThat(read.lastRun()).isEqualTo(run2);
        assertThat(read.previousStatus()).contains(LinkStatus.OK);
    }

    @Test
    void roomIsLeftOnlyWhereTheNextRunsNumberTakesMoreBytes() {
        assertThat(LinkHistory.room(1)).contains(2L);
        assertThat(LinkHistory.room(2)).isEmpty();
        assertThat(LinkHistory.room(127)).contains(2L);
        assertThat(LinkHistory.room(128)).isEmpty();
        assertThat(LinkHistory.room(32_767)).contains(2L);
        assertThat(LinkHistory.intBytes(LinkHistory.room(1).orElseThrow()))
                .isEqualTo(LinkHistory.intBytes(2) - LinkHistory.intBytes(1));
        assertThat(LinkHistory.room(2_147_483_647L)).contains(128L);
        assertThat(LinkHistory.intBytes(128)).isEqualTo(2);
    }

    private long pages(String table) throws java.sql.SQLException {
        try (java.sql.Statement s = db.connection().createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM dbstat WHERE name = '" + table + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void eachStateGivesTheStatesOfTheKeysAskedForByIndexOrInOneScan() {
        long run1 = history.startRun();
        List<String> recorded = new java.util.ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            recorded.add("https://a.example/" + i);
        }
        List<LinkObservation> list = new java.util.ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            list.add(new LinkObservation(recorded.get(i), clock.instant(), i % 3 == 0 ? LinkStatus.BROKEN : LinkStatus.OK,
                    Optional.empty(), Optional.empty(), List.of(), Optional.empty()));
        }
        history.recordAll(run1, list, 3, SPAN);
        history.finishRun(run1, recorded.size(), recorded.size());

        // few keys (by index): two known, one never observed
        Map<String, LinkState> few = new java.util.HashMap<>();
        history.eachState(List.of("https://a.example/3", "https://a.example/4", "https://a.example/never"),
                k -> true, s -> few.put(s.url(), s));
        assertThat(few).containsOnlyKeys("https://a.example/3", "https://a.example/4");
        assertThat(few.get("https://a.example/3").status()).isEqualTo(LinkStatus.BROKEN);

        // a night's worth (one scan): every other URL asked for, plus some never observed
        List<String> asked = new java.util.ArrayList<>();
        for (int i = 0; i < recorded.size(); i += 2) {
            asked.add(recorded.get(i));
            asked.add("https://b.example/" + i);
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(asked);
        Map<String, LinkState> many = new java.util.HashMap<>();
        history.eachState(asked, wanted::contains, s -> many.put(s.url(), s));
        assertThat(many).hasSize(6_000).allSatisfy((url, s) -> assertThat(url).startsWith("https://a.example/"));
        assertThat(many).isEqualTo(history.statesOf(asked));
    }

    @Test
    void citingMoreUrlsThanOneStatementTakesMarksEachOfThem() {
        long run1 = history.startRun();
        List<LinkObservation> list = new java.util.ArrayList<>();
        List<String> urls = new java.util.ArrayList<>();
        for (int i = 0; i < 25_001; i++) {
            urls.add("https://a.example/" + i);
            list.add(new LinkObservation(urls.get(i), clock.instant(), LinkStatus.OK, Optional.of(200), Optional.empty(),
                    List.of(), Optional.empty()));
        }
        history.recordAll(run1, list, 3, SPAN);
        history.finishRun(run1, urls.size(), urls.size());
        long run2 = history.startRun();
        history.cited(run2, urls.subList(1, urls.size()));
        assertThat(history.citedIn(run2)).hasSize(25_000).doesNotContain("https://a.example/0");
        assertThat(history.latest("https://a.example/25000").orElseThrow().previousStatus()).contains(LinkStatus.OK);
    }

    private void record(long run, String url, LinkStatus status) {
        history.record(run, new LinkObservation(url, clock.instant(), status, Optional.empty(), Optional.empty(),
                List.of(), Optional.empty()), 3, SPAN);
    }

    @Test
    void theHistorySurvivesReopeningTheDatabase() throws IOException {
        observe("https://www.dw.com/zh/a", LinkStatus.OK, 200);
        db.close();
        db = Database.open(dir.resolve("links.sqlite"));
        LinkHistory reopened = new LinkHistory(db, clock);
        assertThat(reopened.latest("https://www.dw.com/zh/a").orElseThrow().status()).isEqualTo(LinkStatus.OK);
    }

    @Test
    void theLatestRunAndWhatItObservedAndCitedAreKnownForAResume() {
        assertThat(history.latestRun()).isEmpty();
        observe("https://a.example/alive", LinkStatus.OK, 200);
        clock.advance(NIGHT);
        long killed = history.startRun();
        history.record(killed, new LinkObservation("https://a.example/gone", clock.instant(), LinkStatus.BROKEN,
                Optional.of(404), Optional.empty(), List.of(), Optional.of("HTTP 404")), 3, SPAN);
        history.citedAll(killed, List.of("https://a.example/alive"));
        LinkRun latest = history.latestRun().orElseThrow();
        assertThat(latest.id()).isEqualTo(killed);
        assertThat(latest.finished()).isEmpty();
        assertThat(latest.pid()).contains(ProcessHandle.current().pid());
        assertThat(history.observedIn(killed)).containsExactly("https://a.example/gone");
        assertThat(history.citedIn(killed)).containsExactlyInAnyOrder("https://a.example/gone", "https://a.example/alive");

        history.resumeRun(killed);
        history.finishRun(killed, 2, 1);
        assertThat(history.latestRun().orElseThrow().finished()).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> history.resumeRun(killed))
                .hasMessageContaining("not an unfinished run");
    }

    @Test
    void aDatabaseFromBeforeResumableRunsGainsThePidColumn() throws Exception {
        Path old = dir.resolve("old.sqlite");
        try (Database d = Database.open(old); java.sql.Statement s = d.connection().createStatement()) {
            s.execute("CREATE TABLE link_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at INTEGER NOT NULL,"
                    + " finished_at INTEGER, urls INTEGER NOT NULL DEFAULT 0, requested INTEGER NOT NULL DEFAULT 0)");
            s.execute("INSERT INTO link_runs(started_at) VALUES (1000)");
        }
        try (Database d = Database.open(old)) {
            LinkHistory h = new LinkHistory(d, clock);
            assertThat(h.latestRun().orElseThrow().pid()).isEmpty();
            long next = h.startRun();
            assertThat(h.runs()).extracting(LinkRun::id).containsExactly(1L, next);
            assertThat(h.runs().get(1).pid()).contains(ProcessHandle.current().pid());
        }
    }
}
