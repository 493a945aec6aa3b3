package org.newskeeper.nightly;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.WarcAudits;

/**
 * Which WARC files a night verifies in full: the files written tonight, the files never verified,
 * changed since (size or modification time) or whose last verification found problems, and a
 * rolling audit slice of the others, so that every file is read again at least once per
 * {@code audit_every}. Deterministic: the same files, audits and time give the same plan.
 *
 * <p>The slice: with {@code interval} the time since the previous verification (the latest of
 * the stored ones), at least one day, the {@code ceil(files × interval / audit_every)} files
 * verified longest ago (ties by name), plus every file that would be older than
 * {@code audit_every} by the next night should it come half a night late (last verified at or
 * before {@code now − audit_every + 1.5 × interval}). A file whose last verification is older than
 * {@code audit_every} tonight is overdue: the audit missed its window (nights not run, or
 * {@code audit_every} shortened); it is read tonight.
 */
final class RollingAudit {
    private RollingAudit() {
    }

    /** The least time between two nights the slice is sized for. */
    static final Duration MIN_INTERVAL = Duration.ofDays(1);

    /** A WARC file of the archive now: where it is, its key in {@code warc_audit}, its size and modification time. */
    record WarcFile(Path path, String key, ArchiveIndex.FileStamp stamp) {
        WarcFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(stamp, "stamp");
        }

        /** The file as it is on disk now. */
        static WarcFile of(Path path) throws IOException {
            return new WarcFile(path, key(path), ArchiveIndex.FileStamp.of(path));
        }

        /** The key of a file in {@code warc_audit}: its absolute, normal path. */
        static String key(Path path) {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    /** Why a file is read tonight. */
    enum Reason {
        /** Written by tonight's pack. */
        TONIGHT,
        /** Never verified in full (or not since its bytes changed). */
        NEW,
        /** Its last verification found problems: read every night until it verifies clean. */
        PROBLEMS,
        /** In tonight's audit slice. */
        SLICE
    }

    /** A file whose last full verification is older than {@code audit_every}. */
    record Overdue(WarcFile file, Instant lastVerified) {
    }

    /**
     * Tonight's plan.
     *
     * @param read     the files to read in full, in the order given, each with why
     * @param overdue  the files overdue tonight (all read tonight too)
     * @param interval the time the slice was sized for
     * @param slice    how many files the slice holds
     */
    record Plan(List<WarcFile> read, Map<String, Reason> reasons, List<Overdue> overdue, Duration interval, int slice) {
        Plan {
            read = List.copyOf(read);
            reasons = Map.copyOf(reasons);
            overdue = List.copyOf(overdue);
        }

        /** How many files are read for {@code reason}. */
        long count(Reason reason) {
            return reasons.values().stream().filter(r -> r == reason).count();
        }
    }

    /**
     * Plans tonight's reads of {@code files} (the archive's WARC files, in the order to read them)
     * given their last verifications {@code audits} (by key), the file names written tonight,
     * the time {@code now} and {@code auditEvery}.
     */
    static Plan plan(List<WarcFile> files, Map<String, WarcAudits.Audit> audits, Set<String> tonight, Instant now,
            Duration auditEvery) {
        if (auditEvery.isZero() || auditEvery.isNegative()) {
            throw new IllegalArgumentException("audit_every must be positive: " + auditEvery);
        }
        Optional<Instant> previous = audits.values().stream().map(WarcAudits.Audit::verified).max(Comparator.naturalOrder());
        Duration interval = previous.map(p -> Duration.between(p, now)).filter(d -> d.compareTo(MIN_INTERVAL) > 0)
                .orElse(MIN_INTERVAL);
        java.util.LinkedHashMap<String, Reason> reasons = new java.util.LinkedHashMap<>();
        List<WarcFile> older = new ArrayList<>();
        List<Overdue> overdue = new ArrayList<>();
        Instant deadline = now.minus(auditEvery);
        for (WarcFile f : files) {
            WarcAudits.Audit a = audits.get(f.key());
            if (a != null && a.verified().isBefore(deadline)) {
                overdue.add(new Overdue(f, a.verified()));
            }
            if (tonight.contains(f.path().getFileName().toString())) {
                reasons.put(f.key(), Reason.TONIGHT);
            } else if (a == null || !a.stamp().equals(f.stamp())) {
                reasons.put(f.key(), Reason.NEW);
            } else if (!a.clean()) {
                reasons.put(f.key(), Reason.PROBLEMS);
            } else {
                older.add(f);
            }
        }
        older.sort(Comparator.comparing((WarcFile f) -> audits.get(f.key()).verified()).thenComparing(WarcFile::key));
        int slice = sliceSize(files.size(), interval, auditEvery);
        // due by age: would be past audit_every by the next night, were it half a night late
        Instant dueBy = now.minus(auditEvery).plus(interval).plus(interval.dividedBy(2));
        for (int i = 0; i < older.size(); i++) {
            WarcFile f = older.get(i);
            if (i < slice || !audits.get(f.key()).verified().isAfter(dueBy)) {
                reasons.put(f.key(), Reason.SLICE);
            }
        }
        Set<String> chosen = new HashSet<>(reasons.keySet());
        List<WarcFile> read = files.stream().filter(f -> chosen.contains(f.key())).toList();
        return new Plan(read, reasons, overdue, interval, slice);
    }

    /** {@code ceil(files × interval / auditEvery)}, at most {@code files}. */
    static int sliceSize(int files, Duration interval, Duration auditEvery) {
        java.math.BigInteger n = java.math.BigInteger.valueOf(files).multiply(java.math.BigInteger.valueOf(interval.toMillis()));
        java.math.BigInteger[] qr = n.divideAndRemainder(java.math.BigInteger.valueOf(auditEvery.toMillis()));
        java.math.BigInteger k = qr[1].signum() == 0 ? qr[0] : qr[0].add(java.math.BigInteger.ONE);
        return k.min(java.math.BigInteger.valueOf(files)).intValueExact();
    }
}
