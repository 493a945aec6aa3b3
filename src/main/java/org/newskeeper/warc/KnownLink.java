package org.newskeeper.warc;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The latest known status of a link, as the link history holds it: written into metadata records
 * and used to decide which URLs are alive enough to capture.
 *
 * @param url       the URL
 * @param status    one of the link checker's statuses ({@code ok}, {@code redirected}, {@code broken}, ...)
 * @param code      the last HTTP status code, when there was a response
 * @param finalUrl  where redirects ended, when they did
 * @param checkedAt when the observation was made (ISO-8601), when known
 */
public record KnownLink(String url, String status, Optional<Integer> code, Optional<String> finalUrl,
        Optional<String> checkedAt) {
    private static final Set<String> ALIVE = Set.of("ok", "redirected");
    private static final Set<String> INCONCLUSIVE = Set.of("blocked");

    public KnownLink {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(finalUrl, "finalUrl");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** Whether the link was alive when last checked. */
    public boolean alive() {
        return ALIVE.contains(status);
    }

    /** Whether the link is known dead (or not fetchable): not worth capturing. */
    public boolean dead() {
        return !alive() && !INCONCLUSIVE.contains(status);
    }
}
