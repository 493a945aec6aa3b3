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
 * @param requested URLs requested over the network (the others came from the history or were not checkable)
 */
public record LinkRun(long id, Instant started, Optional<Instant> finished, int urls, int requested) {
}
