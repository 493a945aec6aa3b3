package org.newskeeper.check;

import java.util.Objects;
import org.newskeeper.linkstate.LinkStatus;

/**
 * A host found down in a run: its connections failed {@code attempts} times in a row (DNS, refused,
 * unreachable, connect timeout), and its other {@code notRequested} URLs took that verdict without
 * a request. One event of the report for many URLs.
 *
 * @param host         the host
 * @param status       the verdict its URLs took
 * @param error        the last failure, for a person
 * @param attempts     requests sent to it in the run
 * @param notRequested URLs of it that were not requested
 */
public record HostEvent(String host, LinkStatus status, String error, int attempts, int notRequested) {
    public HostEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
    }

    /** One line: {@code host a.example down: connection refused: ... (5 attempts; 295 URLs not requested)}. */
    public String describe() {
        return "host " + host + " down: " + error + " (" + attempts + (attempts == 1 ? " attempt" : " attempts")
                + " in a row; " + notRequested + (notRequested == 1 ? " URL" : " URLs") + " not requested)";
    }
}
