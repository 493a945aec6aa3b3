package org.newskeeper.check;

import java.io.IOException;
import org.newskeeper.linkstate.LinkStatus;

/**
 * A request that ends with a verdict of its own rather than a response: a private address refused,
 * a redirect loop, too many redirects, a redirect to a scheme that is not HTTP.
 */
final class CheckException extends IOException {
    private final LinkStatus status;

    CheckException(LinkStatus status, String message) {
        super(message);
        this.status = status;
    }

    LinkStatus status() {
        return status;
    }
}
