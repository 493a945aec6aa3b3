package org.newskeeper.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.config.Durations;

/**
 * How much of the network one link check run may use ({@code --budget DURATION|N}, {@code [links]
 * budget}): at most {@code requests} URLs requested, and no request started once {@code time} has
 * passed since the first one. What the budget leaves is deferred to later nights, in the order of
 * {@link RecheckPlan}: new URLs first, then failing URLs, then the stalest alive URLs.
 *
 * @param requests the most URLs requested in one run, when capped
 * @param time     how long requests may be started for, when capped
 */
public record Budget(Optional<Integer> requests, Optional<Duration> time) {
    /** No cap: every URL that is due is requested. */
    public static final Budget NONE = new Budget(Optional.empty(), Optional.empty());

    public Budget {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(time, "time");
        if (requests.isPresent() && requests.get() < 1) {
            throw new org.newskeeper.config.InvalidOptionException("the budget must be at least 1 request: " + requests.get());
        }
        if (time.isPresent() && (time.get().isZero() || time.get().isNegative())) {
            throw new org.newskeeper.config.InvalidOptionException("the budget must be a positive duration");
        }
    }

    /** At most {@code n} URLs requested. */
    public static Budget requests(int n) {
        return new Budget(Optional.of(n), Optional.empty());
    }

    /** Requests started during {@code d} at most. */
    public static Budget time(Duration d) {
        return new Budget(Optional.empty(), Optional.of(d));
    }

    /**
     * Reads {@code 50000} (requests) or a duration ({@code 2h}, {@code 90m}, {@code PT2H}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Budget parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) {
            try {
                return requests(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new org.newskeeper.config.InvalidOptionException("budget too large: " + t);
            }
        }
        try {
            return time(Durations.parse(t));
        } catch (IllegalArgumentException e) {
            throw new org.newskeeper.config.InvalidOptionException("budget must be a number of requests (50000) or a duration (2h), not '"
                    + text + "'");
        }
    }

    /** Whether nothing is capped. */
    public boolean unlimited() {
        return requests.isEmpty() && time.isEmpty();
    }
}
