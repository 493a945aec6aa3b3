package org.newskeeper.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One nightly run, as recorded.
 *
 * @param id       the run id, {@code yyyyMMdd'T'HHmmss'Z'} of its start (a suffix when taken)
 * @param started  when it started
 * @param finished when its reports were written; empty while it runs or after it was killed
 * @param corpus   the corpus folder it checked
 * @param settings the options it ran with, as JSON, so that a resumed run uses the same ones
 * @param exitCode its exit code once finished
 */
public record Run(String id, Instant started, Optional<Instant> finished, String corpus, String settings,
        Optional<Integer> exitCode) {
    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(exitCode, "exitCode");
    }

    public boolean isFinished() {
        return finished.isPresent();
    }
}
