package org.newskeeper.history;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of the link checker.
 *
 * @param id        its number, increasing
 * @param started   when it started
 * @param finished  when it finished (empty while running or after a crash)
 * @param urls      distinct URLs cited
 * @param requested URLs a request was sent for (the others came from the history, were not checkable, or
 *                  were refused as private addresses before any connection)
 * @param pid       the process that ran it (last resumed it), when known
 */
public record LinkRun(long id, Instant started, Optional<Instant> finished, int urls, int requested, Optional<Long> pid) {
    /** A run whose process is unknown. */
    public LinkRun(long id, Instant started, Optional<Instant> finished, int urls, int requested) {
        this(id, started, finished, urls, requested, Optional.empty());
    }
}
