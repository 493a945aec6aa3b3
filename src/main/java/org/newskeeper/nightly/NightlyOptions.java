package org.newskeeper.nightly;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;

/**
 * What a nightly run does.
 *
 * @param checks the checks folder: the lock, {@code runs/<run-id>/} and {@code latest/} reports
 * @param rules  the rule settings of the check stage
 * @param pack   the pack stage's options; its corpus, output folder and database are the run's
 * @param clock  the time of the run (tests simulate nights)
 * @param keepRuns how many finished runs keep their details (older ones keep only their counts)
 * @param maxShrink the largest share of articles (0 to 1) that may vanish since the last finished run
 *                  before a run is refused ({@code [nightly] max_shrink})
 * @param allowShrink run even when the corpus shrank by more than {@code maxShrink} ({@code --allow-shrink})
 * @param auditEvery every WARC file is verified in full again at least this often ({@code --audit-every},
 *                   {@code [nightly] audit_every}; see {@link RollingAudit})
 */
public record NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock, int keepRuns,
        double maxShrink, boolean allowShrink, Duration auditEvery) {
    /** How often every WARC file is verified in full again by default: 30 days. */
    public static final Duration DEFAULT_AUDIT_EVERY = Duration.ofDays(30);

    /** The share of articles that may vanish between two runs by default: 20 %. */
    public static final double DEFAULT_MAX_SHRINK = 0.2;

    /** The default checks folder. */
    public static final Path DEFAULT_CHECKS = Path.of("checks");
    /** How many finished runs keep their details by default. */
    public static final int DEFAULT_KEEP_RUNS = 60;

    /** Options keeping the details of the default number of runs. */
    public NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock) {
        this(checks, rules, pack, clock, DEFAULT_KEEP_RUNS);
    }

    /** Options with the default shrink guard. */
    public NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock, int keepRuns) {
        this(checks, rules, pack, clock, keepRuns, DEFAULT_MAX_SHRINK, false);
    }

    /** Options with the default audit period. */
    public NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock, int keepRuns,
            double maxShrink, boolean allowShrink) {
        this(checks, rules, pack, clock, keepRuns, maxShrink, allowShrink, DEFAULT_AUDIT_EVERY);
    }

    /** These options with another shrink guard. */
    public NightlyOptions withShrink(double max, boolean allow) {
        return new NightlyOptions(checks, rules, pack, clock, keepRuns, max, allow, auditEvery);
    }

    /** These options with another audit period. */
    public NightlyOptions withAuditEvery(Duration every) {
        return new NightlyOptions(checks, rules, pack, clock, keepRuns, maxShrink, allowShrink, every);
    }

    /** The configuration table of the nightly run. */
    public static final String TABLE = "nightly";
    /** The keys the {@code [nightly]} table may hold; any other is refused. */
    public static final Set<String> CONFIG_KEYS = Set.of("checks", "out", "capture", "keep_runs", "max_shrink",
            "audit_every");

    public NightlyOptions {
        if (keepRuns < 1) {
            throw new org.newskeeper.config.InvalidOptionException("keepRuns must be at least 1: " + keepRuns);
        }
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(clock, "clock");
        if (!(maxShrink >= 0 && maxShrink <= 1)) {
            throw new org.newskeeper.config.InvalidOptionException("max_shrink must be between 0 and 1 (a share, 0.2 = 20 %): " + maxShrink);
        }
        Objects.requireNonNull(auditEvery, "auditEvery");
        requireAuditEvery(auditEvery);
    }

    /**
     * What the {@code [nightly]} table sets; what it leaves out takes the command line's value or the default.
     *
     * @param checks   the checks folder
     * @param out      where the WARC files go
     * @param capture  whether pages and images are captured
     * @param keepRuns how many finished runs keep their details
     * @param auditEvery how often every WARC file is verified in full again
     */
    public record Table(Optional<Path> checks, Optional<Path> out, Optional<Boolean> capture, Optional<Integer> keepRuns,
            Optional<Duration> auditEvery) {
        public Table {
            Objects.requireNonNull(checks, "checks");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(capture, "capture");
            Objects.requireNonNull(keepRuns, "keepRuns");
            Objects.requireNonNull(auditEvery, "auditEvery");
        }

        /** A table without {@code audit_every}. */
        public Table(Optional<Path> checks, Optional<Path> out, Optional<Boolean> capture, Optional<Integer> keepRuns) {
            this(checks, out, capture, keepRuns, Optional.empty());
        }
    }

    /**
     * Refuses an audit period shorter than a second (a period of a day or less reads every WARC
     * file every night): an {@link org.newskeeper.config.InvalidOptionException} naming it.
     */
    public static Duration requireAuditEvery(Duration every) {
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new org.newskeeper.config.InvalidOptionException("audit_every must be at least 1s (e.g. 30d): "
                    + org.newskeeper.config.Durations.format(every));
        }
        return every;
    }

    /**
     * Reads the {@code [nightly]} table: {@code checks}, {@code out} (paths), {@code capture} (boolean),
     * {@code keep_runs} (a whole number, at least 1), {@code audit_every} (a duration, {@code "30d"}, at
     * least 1s). An unknown key or a bad value is a {@link ConfigException} naming the file, the table
     * and the key.
     */
    public static Table from(Config config) throws ConfigException {
        config.requireKnownKeys(TABLE, CONFIG_KEYS);
        Optional<Duration> auditEvery = config.duration(TABLE, "audit_every");
        if (auditEvery.isPresent() && auditEvery.get().compareTo(Duration.ofSeconds(1)) < 0) {
            throw config.invalid(TABLE, "audit_every", "expected a duration of at least 1s (e.g. \"30d\"), got "
                    + config.section(TABLE).path("audit_every"));
        }
        return new Table(config.path(TABLE, "checks"), config.path(TABLE, "out"), config.bool(TABLE, "capture"),
                config.integer(TABLE, "keep_runs", 1), auditEvery);
    }

    public Path corpus() {
        return pack.corpus();
    }

    public Path out() {
        return pack.out();
    }

    public Path database() {
        return pack.database();
    }
}
