package org.newskeeper.history;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

/**
 * The outcome of one distinct URL in a run, with the articles citing it.
 *
 * @param url                 the URL checked
 * @param status              the verdict
 * @param code                the last HTTP status code, if any
 * @param finalUrl            where redirects ended
 * @param redirects           the redirect chain, in order
 * @param error               what went wrong, for a person
 * @param firstSeen           when the URL was first seen
 * @param lastOk              when it was last seen alive
 * @param consecutiveFailures failed observations in a row
 * @param confirmed           whether the failure is confirmed (enough failures over long enough)
 * @param fromHistory         whether the outcome came from the history without a request
 * @param isNew               whether the URL is new since the previous run
 * @param citations           the articles citing it and in which role (the nightly keeps no lines)
 */
public record RunLink(String url, LinkStatus status, Optional<Integer> code, Optional<String> finalUrl,
        List<Redirect> redirects, Optional<String> error, Optional<Instant> firstSeen, Optional<Instant> lastOk,
        int consecutiveFailures, boolean confirmed, boolean fromHistory, boolean isNew, List<Citation> citations) {
    public RunLink {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(finalUrl, "finalUrl");
        redirects = List.copyOf(redirects);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastOk, "lastOk");
        citations = List.copyOf(citations);
    }

    /** The URL's host in lower case, or empty text when it has none. */
    public String host() {
        return hostOf(url);
    }

    static String hostOf(String url) {
        try {
            String h = URI.create(url.trim().replace(" ", "%20")).getHost();
            return h == null ? "" : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            int s = url.indexOf("://");
            if (s < 0) {
                return "";
            }
            String rest = url.substring(s + 3);
            int end = 0;
            while (end < rest.length() && "/?#:@".indexOf(rest.charAt(end)) < 0) {
                end++;
            }
            return rest.substring(0, end).toLowerCase(Locale.ROOT);
        }
    }
}
