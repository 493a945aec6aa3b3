package org.newskeeper.history;

import java.time.Instant;
import java.util.Optional;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Standing;

/**
 * What the history knows of a URL after its latest observation.
 *
 * @param latest              the latest observation (status, code, final URL, chain, error, time)
 * @param firstSeen           when the URL was first observed
 * @param lastOk              when it was last seen alive
 * @param consecutiveFailures failed observations since it was last alive (inconclusive ones neither count nor reset)
 * @param failingSince        the first failure of the current streak
 * @param confirmed           whether the failure is confirmed: enough failures over a long enough time
 * @param previousStatus      the status before the latest run looked at it (empty for a new URL)
 * @param firstRun            the run that first saw it
 * @param lastRun             the latest run that cited it (observed or taken from the history)
 */
public record LinkState(
        LinkObservation latest,
        Instant firstSeen,
        Optional<Instant> lastOk,
        int consecutiveFailures,
        Optional<Instant> failingSince,
        boolean confirmed,
        Optional<LinkStatus> previousStatus,
        long firstRun,
        long lastRun) {

    public String url() {
        return latest.url();
    }

    public LinkStatus status() {
        return latest.status();
    }

    /** What the observations add up to, as the confirmation rule reads it. */
    public Standing standing() {
        return new Standing(firstSeen, lastOk, consecutiveFailures, failingSince, confirmed);
    }

    /** Alive at the latest observation. */
    public boolean alive() {
        return latest.status().isAlive();
    }
}
