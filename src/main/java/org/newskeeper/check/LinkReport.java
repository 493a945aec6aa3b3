package org.newskeeper.check;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a run: one outcome per distinct URL, in order of first citation.
 *
 * @param runId     the run's id in the history
 * @param started   when it started
 * @param finished  when it finished
 * @param links     the outcomes
 * @param requested how many URLs were requested over the network
 */
public record LinkReport(long runId, Instant started, Instant finished, List<LinkOutcome> links, int requested) {
    public LinkReport {
        links = List.copyOf(links);
    }

    /** The count of each status, every status present (zero when none). */
    public Map<LinkStatus, Integer> summary() {
        Map<LinkStatus, Integer> m = new EnumMap<>(LinkStatus.class);
        for (LinkStatus s : LinkStatus.values()) {
            m.put(s, 0);
        }
        for (LinkOutcome o : links) {
            m.merge(o.status(), 1, Integer::sum);
        }
        return m;
    }

    /** The outcomes whose failure is confirmed. */
    public List<LinkOutcome> confirmed() {
        return links.stream().filter(LinkOutcome::confirmed).toList();
    }

    /** Whether anything is confirmed broken: the command's exit code 1. */
    public boolean hasConfirmed() {
        return links.stream().anyMatch(LinkOutcome::confirmed);
    }
}
