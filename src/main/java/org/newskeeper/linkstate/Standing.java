package org.newskeeper.linkstate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the observations of a URL add up to, as the confirmation rule carries it from one
 * observation to the next.
 *
 * @param firstSeen           when the URL was first observed
 * @param lastOk              when it was last seen alive
 * @param consecutiveFailures failed observations since it was last alive (inconclusive ones neither count nor reset)
 * @param failingSince        the first failure of the current streak
 * @param confirmed           whether the failure is confirmed
 */
public record Standing(Instant firstSeen, Optional<Instant> lastOk, int consecutiveFailures,
        Optional<Instant> failingSince, boolean confirmed) {
    public Standing {
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastOk, "lastOk");
        Objects.requireNonNull(failingSince, "failingSince");
    }
}
