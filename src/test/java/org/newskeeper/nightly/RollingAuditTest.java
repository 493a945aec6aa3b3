package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.WarcAudits;

class RollingAuditTest {
    static final Duration THIRTY_DAYS = Duration.ofDays(30);

    static RollingAudit.WarcFile file(int i) {
        return new RollingAudit.WarcFile(Path.of("/warcs/nk-" + String.format("%05d", i) + ".warc.gz"),
                "/warcs/nk-" + String.format("%05d", i) + ".warc.gz", new ArchiveIndex.FileStamp(1000 + i, 1));
    }

    /** Simulates {@code nights} nights, each adding {@code perNight} files, at the times {@code times}; checks the window every night. */
    static int simulate(int nights, int start, int perNight, List<Instant> times) {
        List<RollingAudit.WarcFile> files = new ArrayList<>();
        Map<String, WarcAudits.Audit> audits = new HashMap<>();
        int next = 0;
        int mostRead = 0;
        for (int i = 0; i < start; i++) {
            files.add(file(next++));
        }
        for (int n = 0; n < nights; n++) {
            Instant now = times.get(n);
            Set<String> tonight = new java.util.HashSet<>();
            for (int i = 0; i < perNight; i++) {
                RollingAudit.WarcFile f = file(next++);
                files.add(f);
                tonight.add(f.path().getFileName().toString());
            }
            RollingAudit.Plan plan = RollingAudit.plan(files, audits, tonight, now, THIRTY_DAYS);

            assertThat(plan.overdue()).as("night %d", n).isEmpty();
            for (RollingAudit.WarcFile f : plan.read()) {
                audits.put(f.key(), new WarcAudits.Audit(f.key(), f.stamp(), now, 0));
            }
            for (RollingAudit.WarcFile f : files) {
                assertThat(audits.get(f.key()).verified()).as("night %d, %s", n, f.key()).isAfterOrEqualTo(now.minus(THIRTY_DAYS));
            }
            if (n > 0) {
                mostRead = Math.max(mostRead, plan.read().size() - perNight);
            }
        }
        return mostRead;
    }

    @Test
    void everyFileIsReadAgainWithinAuditEveryOverSixtyDailyNights() {
        List<Instant> times = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            times.add(Instant.parse("2026-11-01T02:00:00Z").plus(Duration.ofDays(n)));
        }
        int mostRead = simulate(60, 300, 2, times);

        // 300 files verified on night 1 spread over the month: about 300/30 + the growth a night, never all at once
        assertThat(mostRead).isLessThanOrEqualTo(16);
    }

    @Test
    void nightsThatStartLateOrEarlyStillAuditEveryFileWithinTheWindow() {
        List<Instant> times = new ArrayList<>();
        Instant t = Instant.parse("2026-11-01T02:00:00Z");
        for (int n = 0; n < 70; n++) {
            // the job starts up to 5 hours late, or early, in a fixed pattern
            times.add(t.plus(Duration.ofDays(n)).plus(Duration.ofMinutes((n * 37 % 11 - 5) * 60L)));
        }
        simulate(70, 120, 1, times);
    }

    @Test
    void theSliceIsFilesTimesIntervalOverAuditEveryRoundedUp() {
        assertThat(RollingAudit.sliceSize(300, Duration.ofDays(1), THIRTY_DAYS)).isEqualTo(10);
        assertThat(RollingAudit.sliceSize(301, Duration.ofDays(1), THIRTY_DAYS)).isEqualTo(11);
        assertThat(RollingAudit.sliceSize(1, Duration.ofDays(1), THIRTY_DAYS)).isEqualTo(1);
        assertThat(RollingAudit.sliceSize(100, Duration.ofDays(45), THIRTY_DAYS)).isEqualTo(100);
    }

    @Test
    void theSliceTakesTheFilesVerifiedLongestAgoAndNeverVerifiedOrChangedOrDamagedFilesAreAlwaysRead() {
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        List<RollingAudit.WarcFile> files = new ArrayList<>();
        Map<String, WarcAudits.Audit> audits = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            RollingAudit.WarcFile f = file(i);
            files.add(f);
            // file i verified i hours ago... except the first three
            audits.put(f.key(), new WarcAudits.Audit(f.key(), f.stamp(), now.minus(Duration.ofHours(i + 1)), 0));
        }
        audits.remove(file(0).key());
        audits.put(file(1).key(), new WarcAudits.Audit(file(1).key(), new ArchiveIndex.FileStamp(5, 5), now.minusSeconds(60), 0));
        audits.put(file(2).key(), new WarcAudits.Audit(file(2).key(), file(2).stamp(), now.minusSeconds(60), 3));

        RollingAudit.Plan plan = RollingAudit.plan(files, audits, Set.of(), now, THIRTY_DAYS);

        // ceil(60 × 1 day / 30 days) = 2 of the others: those verified longest ago (59 and 58 hours ago)
        assertThat(plan.slice()).isEqualTo(2);
        assertThat(plan.read()).extracting(RollingAudit.WarcFile::key)
                .containsExactly(file(0).key(), file(1).key(), file(2).key(), file(58).key(), file(59).key());
        assertThat(plan.reasons()).containsEntry(file(0).key(), RollingAudit.Reason.NEW)
                .containsEntry(file(1).key(), RollingAudit.Reason.NEW)
                .containsEntry(file(2).key(), RollingAudit.Reason.PROBLEMS)
                .containsEntry(file(59).key(), RollingAudit.Reason.SLICE);
        assertThat(plan.overdue()).isEmpty();
    }

    @Test
    void aFileLastVerifiedLongerAgoThanAuditEveryIsOverdueAndReadTonight() {
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        List<RollingAudit.WarcFile> files = new ArrayList<>();
        Map<String, WarcAudits.Audit> audits = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            files.add(file(i));
            audits.put(file(i).key(), new WarcAudits.Audit(file(i).key(), file(i).stamp(),
                    now.minus(Duration.ofDays(i < 3 ? 41 : 20)), 0));
        }

        RollingAudit.Plan plan = RollingAudit.plan(files, audits, Set.of(), now, THIRTY_DAYS);

        assertThat(plan.overdue()).extracting(o -> o.file().key())
                .containsExactly(file(0).key(), file(1).key(), file(2).key());
        assertThat(plan.read()).extracting(RollingAudit.WarcFile::key).contains(file(0).key(), file(1).key(), file(2).key());
    }
}
