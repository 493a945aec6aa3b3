package org.newskeeper.warc;

import java.util.Map;
import java.util.Optional;

/**
 * Where the packer looks up the latest status of a link. {@link #NONE} in the pack options means:
 * the link history of the pack's database ({@link #fromHistory}).
 */
@FunctionalInterface
public interface LinkStatuses {
    /** No statuses given: the packer reads the link history of its database. */
    LinkStatuses NONE = url -> Optional.empty();

    /** The latest status of {@code url}, if it was ever checked. */
    Optional<LinkStatus> latest(String url);

    /** The latest observations of the link history ({@code newskeeper links}, the nightly). */
    static LinkStatuses fromHistory(org.newskeeper.history.LinkHistory history) {
        return url -> history.latest(url).map(state -> new LinkStatus(url, state.status().id(),
                state.latest().code(), state.latest().finalUrl(), Optional.of(state.latest().observedAt().toString())));
    }

    /** Statuses from a fixed map (tests, callers that just ran a check). */
    static LinkStatuses of(Map<String, LinkStatus> statuses) {
        Map<String, LinkStatus> copy = Map.copyOf(statuses);
        return url -> Optional.ofNullable(copy.get(url));
    }
}
