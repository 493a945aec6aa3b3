package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void theSliceTakesTheFilesVerifiedLongestAgoAndNeverVerifiedOrChangedOrDamagedFilesAreAlwaysRead() {
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        List<RollingAudit.WarcFile> files = new ArrayList<>();
        Map<String, WarcAudits.Audit> audits = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            RollingAudit.WarcFile f = file(i);
            files.add(f);
            // file i verified 20 days and i minutes ago: all due by age in 9 nights, so they spread over those
            audits.put(f.key(), new WarcAudits.Audit(f.key(), f.stamp(), now.minus(Duration.ofDays(20)).minus(Duration.ofMinutes(i)), 0));
        }
        audits.remove(file(0).key());
        audits.put(file(1).key(), new WarcAudits.Audit(file(1).key(), new ArchiveIndex.FileStamp(5, 5), now.minusSeconds(60), 0));
        audits.put(file(2).key(), new WarcAudits.Audit(file(2).key(), file(2).stamp(), now.minusSeconds(60), 3));

        RollingAudit.Plan plan = RollingAudit.plan(files, audits, Set.of(), now, THIRTY_DAYS);

        // 57 older files due by age in 9 nights, spread over tonight and those: 5 tonight, those verified longest ago
        assertThat(plan.slice()).isEqualTo(5);
        assertThat(plan.read()).extracting(RollingAudit.WarcFile::key)
                .containsExactly(file(0).key(), file(1).key(), file(2).key(), file(55).key(), file(56).key(),
                        file(57).key(), file(58).key(), file(59).key());
        assertThat(plan.reasons()).containsEntry(file(0).key(), RollingAudit.Reason.NEW)
                .containsEntry(file(1).key(), RollingAudit.Reason.NEW)
                .containsEntry(file(2).key(), RollingAudit.Reason.PROBLEMS)
                .containsEntry(file(59).key(), RollingAudit.Reason.SLICE);
        assertThat(plan.overdue()).isEmpty();
    }

    @Test
    void aOneFileArchiveVerifiedLastNightIsNotReadTonightYetIsReadBeforeAuditEveryElapses() {
        // the demo's 64,000 articles make one 469 MB WARC file: re-reading it every night costs as much as the archive
        RollingAudit.WarcFile only = new RollingAudit.WarcFile(Path.of("/warcs/nk-00000.warc.gz"), "/warcs/nk-00000.warc.gz",
                new ArchiveIndex.FileStamp(469_000_000L, 1));
        Instant written = Instant.parse("2026-12-01T02:00:00Z");
        Map<String, WarcAudits.Audit> audits = new HashMap<>();
        audits.put(only.key(), new WarcAudits.Audit(only.key(), only.stamp(), written, 0));
        List<Integer> readOn = new ArrayList<>();
        Instant previous = written;
        for (int night = 1; night <= 90; night++) {
            Instant now = written.plus(Duration.ofDays(night)).plus(Duration.ofMinutes(night % 7 * 20 - 60));
            RollingAudit.Plan plan = RollingAudit.plan(List.of(only), audits, Set.of(), now, Optional.of(previous), THIRTY_DAYS);
            previous = now;
            assertThat(plan.overdue()).as("night %d", night).isEmpty();
            if (!plan.read().isEmpty()) {
                readOn.add(night);
                audits.put(only.key(), new WarcAudits.Audit(only.key(), only.stamp(), now, 0));
            }
            assertThat(audits.get(only.key()).verified()).as("night %d", night).isAfter(now.minus(THIRTY_DAYS));
        }

        // not the night after it was verified, nor any night until it is due: once per 29 nights
        assertThat(readOn).containsExactly(29, 58, 87);
    }

    @Test
    void aFewLargeFilesVerifiedTheSameNightComeDueOnDifferentNights() {
        List<RollingAudit.WarcFile> files = new ArrayList<>();
        Map<String, WarcAudits.Audit> audits = new HashMap<>();
        Instant written = Instant.parse("2026-12-01T02:00:00Z");
        for (int i = 0; i < 3; i++) {
            RollingAudit.WarcFile f = new RollingAudit.WarcFile(Path.of("/warcs/nk-" + i + ".warc.gz"), "/warcs/nk-" + i + ".warc.gz",
                    new ArchiveIndex.FileStamp(1_000_000_000L, 1));
            files.add(f);
            audits.put(f.key(), new WarcAudits.Audit(f.key(), f.stamp(), written, 0));
        }
        int mostInANight = 0;
        int reads = 0;
        for (int night = 1; night <= 120; night++) {
            Instant now = written.plus(Duration.ofDays(night));
            RollingAudit.Plan plan = RollingAudit.plan(files, audits, Set.of(), now, Optional.of(now.minus(Duration.ofDays(1))),
                    THIRTY_DAYS);
            for (RollingAudit.WarcFile f : plan.read()) {
                audits.put(f.key(), new WarcAudits.Audit(f.key(), f.stamp(), now, 0));
            }
            mostInANight = Math.max(mostInANight, plan.read().size());
            reads += plan.read().size();
            for (RollingAudit.WarcFile f : files) {
                assertThat(audits.get(f.key()).verified()).as("night %d", night).isAfter(now.minus(THIRTY_DAYS));
            }
        }

        // one file a night at most, and about three reads per 30 nights: 12 to 15 reads in 120 nights
        assertThat(mostInANight).isEqualTo(1);
        assertThat(reads).isBetween(12, 15);
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
