package org.newskeeper.nightly;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
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
 */
public record NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock, int keepRuns) {
    /** The default checks folder. */
    public static final Path DEFAULT_CHECKS = Path.of("checks");
    /** How many finished runs keep their details by default. */
    public static final int DEFAULT_KEEP_RUNS = 60;

    /** Options keeping the details of the default number of runs. */
    public NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock) {
        this(checks, rules, pack, clock, DEFAULT_KEEP_RUNS);
    }

    public NightlyOptions {
        if (keepRuns < 1) {
            throw new IllegalArgumentException("keep-runs must be at least 1: " + keepRuns);
        }
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(clock, "clock");
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
