package org.newskeeper.warc;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.LinkState;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.UrlKey;

/**
 * Where the packer looks up the latest status of a link. {@link #NONE} in the pack options means:
 * the link history of the pack's database ({@link #fromHistory}).
 */
@FunctionalInterface
public interface KnownLinks {
    /** No statuses given: the packer reads the link history of its database. */
    KnownLinks NONE = url -> Optional.empty();

    /** The latest status of {@code url}, if it was ever checked. */
    Optional<KnownLink> latest(String url);

    /** The latest statuses of many URLs, keyed by the URLs as given; URLs without a status are absent. */
    default Map<String, KnownLink> latest(Collection<String> urls) {
        Map<String, KnownLink> found = new HashMap<>();
        for (String u : urls) {
            latest(u).ifPresent(s -> found.put(u, s));
        }
        return found;
    }

    /**
     * The latest observations of the link history ({@code newskeeper links}, the nightly), looked up
     * in batches; {@link #NONE} when the history has never run.
     */
    static KnownLinks fromHistory(LinkHistory history) {
        if (history.lastRun().isEmpty()) {
            return NONE;
        }
        return new KnownLinks() {
            @Override
            public Optional<KnownLink> latest(String url) {
                return history.latest(url).map(state -> status(url, state));
            }

            @Override
            public Map<String, KnownLink> latest(Collection<String> urls) {
                Map<String, String> keys = new LinkedHashMap<>();
                for (String u : urls) {
                    keys.put(u, UrlKey.normalize(u));
                }
                Map<String, LinkState> states = history.statesOf(keys.values().stream().distinct().toList());
                Map<String, KnownLink> found = new HashMap<>();
                keys.forEach((url, key) -> {
                    LinkState state = states.get(key);
                    if (state != null) {
                        found.put(url, status(url, state));
                    }
                });
                return found;
            }
        };
    }

    private static KnownLink status(String url, LinkState state) {
        return new KnownLink(url, state.status(), state.latest().code(), state.latest().finalUrl(),
                Optional.of(state.latest().observedAt().toString()));
    }

    /**
     * Statuses from a fixed map (tests, callers that just ran a check). Keys and looked-up URLs are
     * compared by the link checker's normalised key, so a map keyed by normalised URLs (the run
     * tables) answers for the URLs as the articles cite them.
     */
    static KnownLinks of(Map<String, KnownLink> statuses) {
        Map<String, KnownLink> byKey = new HashMap<>();
        statuses.forEach((url, status) -> byKey.put(UrlKey.normalize(url), status));
        return url -> Optional.ofNullable(byKey.get(UrlKey.normalize(url)));
    }

    /**
     * The URL whose status stands for a link: a share link is checked through what it shares (the
     * link checker records its outcome under the shared URL), every other link as cited.
     */
    static String checkedUrl(Link link) {
        return link.role() == Role.SHARE ? link.target().orElse(link.url()) : link.url();
    }
}
