package org.newskeeper.linkstate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One look at one URL: what the checker produces and the history stores.
 *
 * @param url        the normalised URL
 * @param observedAt when
 * @param status     the verdict
 * @param code       the HTTP code of the final answer, if one came
 * @param finalUrl   the last URL requested
 * @param redirects  the redirect chain
 * @param error      why it is not alive
 */
public record LinkObservation(
        String url,
        Instant observedAt,
        LinkStatus status,
        Optional<Integer> code,
        Optional<String> finalUrl,
        List<Redirect> redirects,
        Optional<String> error) {

    public LinkObservation {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(finalUrl, "finalUrl");
        redirects = List.copyOf(redirects);
        Objects.requireNonNull(error, "error");
    }
}
