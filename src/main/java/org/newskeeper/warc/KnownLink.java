package org.newskeeper.warc;

import java.util.Objects;
import java.util.Optional;
import org.newskeeper.linkstate.LinkStatus;

/**
 * The latest known status of a link, as the link history holds it: written into metadata records
 * and used to decide which URLs are alive enough to capture.
 *
 * @param url       the URL
 * @param status    the latest verdict
 * @param code      the last HTTP status code, when there was a response
 * @param finalUrl  where redirects ended, when they did
 * @param checkedAt when the observation was made (ISO-8601), when known
 */
public record KnownLink(String url, LinkStatus status, Optional<Integer> code, Optional<String> finalUrl,
        Optional<String> checkedAt) {
    public KnownLink {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(finalUrl, "finalUrl");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** Whether the link was alive when last checked. */
    public boolean alive() {
        return status.isAlive();
    }

    /** Whether the link is known dead (or not fetchable): not worth capturing. */
    public boolean dead() {
        return !alive() && status.kind() != LinkStatus.Kind.INCONCLUSIVE;
    }
}
