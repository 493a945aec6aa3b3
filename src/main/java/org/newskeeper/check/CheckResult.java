package org.newskeeper.check;

import java.util.List;
import java.util.Optional;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

/**
 * What one URL turned out to be.
 *
 * @param status    the verdict
 * @param code      the HTTP code of the final answer, if one came
 * @param finalUrl  the last URL requested (after redirects)
 * @param redirects the redirect hops, in order
 * @param error     why it is not alive, for a person
 * @param retries   retries made
 * @param method    the method of the last request (HEAD or GET)
 * @param connectionFailure the cited URL's host could not be reached at all (DNS, refused,
 *                  unreachable, connect timeout; see {@link Failures#isConnectionLevel}): says as much
 *                  about the network as about the link
 * @param headOnly  a "not found" (404, 410) a HEAD gave without a GET after it, on a host whose
 *                  GETs had repeated its HEAD's "not found" (see {@link HeadFallbackInterceptor})
 */
record CheckResult(
        LinkStatus status,
        Optional<Integer> code,
        Optional<String> finalUrl,
        List<Redirect> redirects,
        Optional<String> error,
        int retries,
        String method,
        boolean connectionFailure,
        boolean headOnly) {

    CheckResult {
        redirects = List.copyOf(redirects);
    }

    /** A result that is not a connection-level failure. */
    CheckResult(LinkStatus status, Optional<Integer> code, Optional<String> finalUrl, List<Redirect> redirects,
            Optional<String> error, int retries, String method) {
        this(status, code, finalUrl, redirects, error, retries, method, false);
    }

    CheckResult(LinkStatus status, Optional<Integer> code, Optional<String> finalUrl, List<Redirect> redirects,
            Optional<String> error, int retries, String method, boolean connectionFailure) {
        this(status, code, finalUrl, redirects, error, retries, method, connectionFailure, false);
    }

    static CheckResult notRequested(LinkStatus status, String error) {
        return new CheckResult(status, Optional.empty(), Optional.empty(), List.of(), Optional.of(error), 0, "");
    }

    CheckResult withStatus(LinkStatus s, String why) {
        return new CheckResult(s, code, finalUrl, redirects, Optional.of(why), retries, method, connectionFailure,
                headOnly);
    }
}
