package org.newskeeper.linkstate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one TimeGate said about one URL.
 *
 * @param url      the URL looked up, as given
 * @param timegate the TimeGate prefix asked
 * @param archive  the archive's name (the TimeGate's host)
 * @param outcome  found, not found, or failed (no answer worth remembering)
 * @param memento  the memento's URI (found only)
 * @param datetime its {@code Memento-Datetime} (found only)
 * @param error    why it failed, for a person
 */
public record TimeGateAnswer(String url, String timegate, String archive, Outcome outcome, Optional<String> memento,
        Optional<Instant> datetime, Optional<String> error) {
    public TimeGateAnswer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timegate, "timegate");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(memento, "memento");
        Objects.requireNonNull(datetime, "datetime");
        Objects.requireNonNull(error, "error");
    }

    /**
     * {@code FOUND} and {@code NOT_FOUND} are answers of the archive (cached); {@code FAILED} is no
     * answer (no network, retries exhausted, an address refused) and is not cached.
     */
    public enum Outcome { FOUND, NOT_FOUND, FAILED }

    /** Whether the archive answered (found or not): what the cache remembers. */
    public boolean answered() {
        return outcome != Outcome.FAILED;
    }
}
