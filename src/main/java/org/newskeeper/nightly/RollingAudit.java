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
import java.util.stream.Stream;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.WarcAudits;

/**
 * Which WARC files a night verifies in full: the files written tonight, the files never verified,
 * changed since (size or modification time) or whose last verification found problems, and a
 * rolling audit slice of the others, so that every file is read again at least once per
 * {@code audit_every}, and the bytes read again per night are about the archive's bytes times
 * {@code interval / audit_every}. Deterministic: the same files, audits and time give the same plan.
 *
 * <p>The slice is sized in bytes, not files: with {@code interval} the time since the previous
 * night or verification (the latest of the previous run's start and the stored verifications), at
 * least one day, the archive is re-read at a <em>pace</em> of its total bytes over the nights
 * between two reads of a file,
 * {@code (audit_every − 1.5 × interval) / interval} (28.5 with a day and 30 days: about
 * {@code total bytes × interval / audit_every} a night). Each older file is due by age on the night
 * when it would be older than {@code audit_every} by the next night should that one come half a
 * night late (last verified at or before {@code now − audit_every + 1.5 × interval}); a file due
 * tonight is read tonight. Before that, the slice reads the files verified longest ago only as far
 * as needed for the nights left to keep up: the shortest run of the oldest files such that, for every
 * older file left, the bytes of the files verified before it and not read tonight are less than the
 * pace times the nights left until it is due by age (or, when the archive is behind that pace, the
 * bytes up to that file spread evenly over tonight and those nights). So a file verified tonight or
 * recently is not read again tomorrow (a one-file archive is read again on the night it is due, not
 * every night), an archive of many files is read a pace's worth a night, and files that came due
 * together spread over the nights before.
 * A file whose last verification is older than {@code audit_every} tonight is overdue: the audit
 * missed its window (nights not run, or {@code audit_every} shortened); it is read tonight.
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
     * @param pace     the bytes a night the archive is re-read at (about {@code total × interval / audit_every})
     */
    record Plan(List<WarcFile> read, Map<String, Reason> reasons, List<Overdue> overdue, Duration interval, int slice,
            long pace) {
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
        return plan(files, audits, tonight, now, Optional.empty(), auditEvery);
    }

    /**
     * As {@link #plan(List, Map, Set, Instant, Duration)}, with the start of the previous night
     * {@code previousNight}: the interval is from the later of it and the latest verification, so a
     * night that read no file (an unchanged one-file archive) still counts as a night.
     */
    static Plan plan(List<WarcFile> files, Map<String, WarcAudits.Audit> audits, Set<String> tonight, Instant now,
            Optional<Instant> previousNight, Duration auditEvery) {
        if (auditEvery.isZero() || auditEvery.isNegative()) {
            throw new IllegalArgumentException("audit_every must be positive: " + auditEvery);
        }
        Optional<Instant> previous = Stream.concat(audits.values().stream().map(WarcAudits.Audit::verified),
                previousNight.stream()).filter(t -> t.isBefore(now)).max(Comparator.naturalOrder());
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
        double pace = pace(files, interval, auditEvery);
        // due by age: would be past audit_every by the next night, were it half a night late
        Instant dueBy = now.minus(auditEvery).plus(interval).plus(interval.dividedBy(2));
        int slice = sliceSize(older.stream().map(f -> audits.get(f.key()).verified()).toList(),
                older.stream().map(f -> f.stamp().size()).toList(), now, interval, auditEvery, pace);
        for (int i = 0; i < older.size(); i++) {
            WarcFile f = older.get(i);
            if (i < slice || !audits.get(f.key()).verified().isAfter(dueBy)) {
                reasons.put(f.key(), Reason.SLICE);
            }
        }
        Set<String> chosen = new HashSet<>(reasons.keySet());
        List<WarcFile> read = files.stream().filter(f -> chosen.contains(f.key())).toList();
        return new Plan(read, reasons, overdue, interval, (int) reasons.values().stream().filter(r -> r == Reason.SLICE).count(),
                Math.round(pace));
    }

    /**
     * The bytes a night at which the archive is re-read: its total bytes over the nights a file
     * waits between two full reads, {@code (audit_every − 1.5 × interval) / interval} (a file is due
     * by age half a night before it would be late), at least one; about
     * {@code total × interval / audit_every} when audit_every is many nights.
     */
    static double pace(List<WarcFile> files, Duration interval, Duration auditEvery) {
        double total = 0;
        for (WarcFile f : files) {
            total += f.stamp().size();
        }
        long cycle = Math.max(interval.toMillis(), auditEvery.toMillis() - interval.toMillis() * 3 / 2);
        return total * interval.toMillis() / cycle;
    }

    /**
     * How many of the older files, oldest first ({@code verified} and {@code sizes} in that order),
     * tonight's slice reads: the fewest such that for every file {@code j} left, the bytes of the
     * files before it not read tonight are less than what the nights left until j is due by age read:
     * the pace each, or, when the archive is behind it, an even share of the bytes up to {@code j}. A
     * file due by age tonight has no night left: it and every file before it are read.
     */
    static int sliceSize(List<Instant> verified, List<Long> sizes, Instant now, Duration interval, Duration auditEvery,
            double pace) {
        int n = verified.size();
        double[] before = new double[n + 1];
        for (int j = 0; j < n; j++) {
            before[j + 1] = before[j] + sizes.get(j);
        }
        // need[p]: the most, over the files j >= p, of the bytes before j the nights left cannot take
        double[] need = new double[n + 1];
        need[n] = Double.NEGATIVE_INFINITY;
        for (int j = n - 1; j >= 0; j--) {
            long nights = nightsLeft(verified.get(j), now, interval, auditEvery);
            // the nights left read at the pace, or faster when behind it: what is due by j's night, spread
            // evenly over tonight and them
            double room = nights * Math.max(pace, before[j + 1] / (nights + 1));
            need[j] = Math.max(need[j + 1], before[j] - room);
        }
        int p = 0;
        // read the oldest files until what they hold exceeds what the nights left cannot take
        while (p < n && !(before[p] > need[p])) {
            p++;
        }
        return p;
    }

    /**
     * The nights after tonight before a file last verified at {@code verified} is due by age (0: due
     * tonight): the nights, {@code interval} apart, until it is last verified at or before
     * {@code night − auditEvery + 1.5 × interval}.
     */
    static long nightsLeft(Instant verified, Instant now, Duration interval, Duration auditEvery) {
        long slack = Duration.between(now, verified.plus(auditEvery)).toMillis() - interval.toMillis() * 3 / 2;
        if (slack <= 0) {
            return 0;
        }
        long i = interval.toMillis();
        return (slack + i - 1) / i;
    }
}
