package org.newskeeper.warc;

import java.util.Map;
import java.util.Optional;

/** Where the packer looks up the latest status of a link (the link history, in normal runs). */
@FunctionalInterface
public interface LinkStatuses {
    /** No history: every link's status is unknown. */
    LinkStatuses NONE = url -> Optional.empty();

    /** The latest status of {@code url}, if it was ever checked. */
    Optional<LinkStatus> latest(String url);

    /** Statuses from a fixed map (tests, callers that just ran a check). */
    static LinkStatuses of(Map<String, LinkStatus> statuses) {
        Map<String, LinkStatus> copy = Map.copyOf(statuses);
        return url -> Optional.ofNullable(copy.get(url));
    }
}
