package org.newskeeper.history;

import java.util.Locale;
import java.util.Optional;
import org.newskeeper.linkstate.LinkStatus;

/**
 * How a URL cited in a run compares with the run before, for the nightly report.
 *
 * @param url            the normalised URL
 * @param kind           new, newly broken, fixed, still broken
 * @param status         its status now
 * @param previousStatus its status at the run before (empty for a new URL)
 * @param state          everything the history knows of it
 */
public record LinkChange(String url, Kind kind, LinkStatus status, Optional<LinkStatus> previousStatus, LinkState state) {
    public enum Kind {
        /** First seen in this run and failing (new links that are alive are not a change worth a line). */
        NEW_BROKEN,
        /** Seen before, alive or not yet failing then, failing now. */
        BROKEN,
        /** Failing at the run before, alive now. */
        FIXED,
        /** Failing at the run before and now. */
        STILL_BROKEN;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
