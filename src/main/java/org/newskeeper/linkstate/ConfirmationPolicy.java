package org.newskeeper.linkstate;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failure counts as confirmed: after {@code confirmAfter} consecutive failed observations
 * spanning at least {@code confirmSpan}.
 *
 * @param confirmAfter how many failed observations in a row
 * @param confirmSpan  how long from the first failure of the streak to the latest
 */
public record ConfirmationPolicy(int confirmAfter, Duration confirmSpan) {
    public ConfirmationPolicy {
        Objects.requireNonNull(confirmSpan, "confirmSpan");
    }
}
