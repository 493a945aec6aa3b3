package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.linkstate.LinkStatus;

/** Observations of a URL that stays alive are compacted to the first and last of the streak (issue 13 item 5). */
class LinkHistoryCompactionTest {
    private static final Instant NIGHT1 = Instant.parse("2026-03-01T02:00:00Z");

    @TempDir
    Path dir;

    /** A URL's verdict on night {@code n}: mostly alive, some fail for a while, one flaps, one moves. */
    private static LinkObservation observation(int url, int n, Instant at) {
        String u = "https://www.rfi.fr/cn/" + url;
        LinkStatus status = LinkStatus.OK;
        Optional<Integer> code = Optional.of(200);
        Optional<String> error = Optional.empty();
        if (url % 10 == 1 && n >= 5 && n < 12) {
            status = LinkStatus.BROKEN;
            code = Optional.of(404);
            error = Optional.of("404");
        } else if (url % 10 == 2 && n % 3 == 0) {
            status = LinkStatus.TIMEOUT;
            code = Optional.empty();
            error = Optional.of("timeout");
        } else if (url % 10 == 3 && n % 4 == 0) {
            status = LinkStatus.BLOCKED;
            code = Optional.of(403);
        } else if (url % 10 == 4 && n > 15) {
            status = LinkStatus.REDIRECTED;
        }
        return new LinkObservation(u, at, status, code, Optional.empty(), List.of(), error);
    }

    static long count(Database db, String sql) throws SQLException {
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void thirtyNightsGiveTheSameStatesConfirmationsAndNewnessAsWithoutCompaction() throws Exception {
        try (Database compacted = Database.open(dir.resolve("c.sqlite")); Database full = Database.open(dir.resolve("f.sqlite"))) {
            MutableClock clock = new MutableClock(NIGHT1);
            LinkHistory c = new LinkHistory(compacted, clock, true);
            LinkHistory f = new LinkHistory(full, clock, false);
            boolean confirmed = false;
            for (int n = 1; n <= 30; n++) {
                long rc = c.startRun();
                long rf = f.startRun();
                List<LinkObservation> night = new ArrayList<>();
                for (int url = 0; url < 50; url++) {
                    night.add(observation(url, n, clock.instant()));
                }
                List<LinkState> sc = c.recordAll(rc, night, 3, Duration.ofHours(48));
                List<LinkState> sf = f.recordAll(rf, night, 3, Duration.ofHours(48));
                assertThat(sc).as("night " + n).isEqualTo(sf);
                confirmed |= sc.stream().anyMatch(LinkState::confirmed);
                assertThat(c.observedIn(rc)).isEqualTo(f.observedIn(rf));
                c.finishRun(rc, 50, 50);
                f.finishRun(rf, 50, 50);
                clock.advance(Duration.ofHours(24));
            }
            assertThat(c.states()).isEqualTo(f.states());
            assertThat(c.failing()).isEqualTo(f.failing());
            assertThat(confirmed).as("some failure was confirmed on the way").isTrue();
            long kept = count(compacted, "SELECT COUNT(*) FROM link_observations");
            long all = count(full, "SELECT COUNT(*) FROM link_observations");
            assertThat(all).isEqualTo(1500);
            assertThat(kept).isLessThan(all / 3);
            // an always-alive URL: its first and its latest observation
            assertThat(c.observations("https://www.rfi.fr/cn/0")).extracting(LinkObservation::observedAt)
                    .containsExactly(NIGHT1, NIGHT1.plus(Duration.ofDays(29)));
            // a URL that failed from night 5 to 11: the first and last failure of the streak are kept (how many
            // there were is its state's count), with the alive streaks' ends around them
            assertThat(c.observations("https://www.rfi.fr/cn/1")).filteredOn(o -> o.status() == LinkStatus.BROKEN)
                    .extracting(LinkObservation::observedAt)
                    .containsExactly(NIGHT1.plus(Duration.ofDays(4)), NIGHT1.plus(Duration.ofDays(10)));
            assertThat(c.observations("https://www.rfi.fr/cn/1")).extracting(LinkObservation::observedAt)
                    .containsExactly(NIGHT1, NIGHT1.plus(Duration.ofDays(3)), NIGHT1.plus(Duration.ofDays(4)),
                            NIGHT1.plus(Duration.ofDays(10)), NIGHT1.plus(Duration.ofDays(11)),
                            NIGHT1.plus(Duration.ofDays(29)));
        }
    }

    @Test
    void aYearOfAliveNightsStaysWithinAFewTimesTheFirstNight() throws Exception {
        Path file = dir.resolve("year.sqlite");
        try (Database db = Database.open(file)) {
            MutableClock clock = new MutableClock(NIGHT1);
            LinkHistory h = new LinkHistory(db, clock);
            long afterNight1 = 0;
            for (int n = 1; n <= 365; n++) {
                long run = h.startRun();
                List<LinkObservation> night = new ArrayList<>();
                for (int url = 0; url < 100; url++) {
                    night.add(new LinkObservation("https://www.voachinese.com/a/" + url + ".html", clock.instant(),
                            LinkStatus.OK, Optional.of(200), Optional.empty(), List.of(), Optional.empty()));
                }
                h.recordAll(run, night, 3, Duration.ofHours(48));
                h.finishRun(run, 100, 100);
                if (n == 1) {
                    afterNight1 = count(db, "SELECT COUNT(*) FROM link_observations");
                }
                clock.advance(Duration.ofHours(24));
            }
            // each URL's one row is its first observation; its latest lives in link_states, so an unchanged
            // night adds no row and the history still gives the first and the last of the streak
            assertThat(count(db, "SELECT COUNT(*) FROM link_observations")).isEqualTo(afterNight1);
            assertThat(h.observations("https://www.voachinese.com/a/7.html")).extracting(LinkObservation::observedAt)
                    .containsExactly(NIGHT1, NIGHT1.plus(Duration.ofDays(364)));
        }
        assertThat(Files.size(file)).isLessThan(400_000);
    }
}
