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
 */
record CheckResult(
        LinkStatus status,
        Optional<Integer> code,
        Optional<String> finalUrl,
        List<Redirect> redirects,
        Optional<String> error,
        int retries,
        String method) {

    CheckResult {
        redirects = List.copyOf(redirects);
    }

    static CheckResult notRequested(LinkStatus status, String error) {
        return new CheckResult(status, Optional.empty(), Optional.empty(), List.of(), Optional.of(error), 0, "");
    }

    CheckResult withStatus(LinkStatus s, String why) {
        return new CheckResult(s, code, finalUrl, redirects, Optional.of(why), retries, method);
    }
}
