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
 */
public record NightlyOptions(Path checks, RuleSettings rules, PackOptions pack, Clock clock) {
    /** The default checks folder. */
    public static final Path DEFAULT_CHECKS = Path.of("checks");

    public NightlyOptions {
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
