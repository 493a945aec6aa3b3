package org.newskeeper.check.capture;

import java.io.IOException;

/** A capture that could not be made: refused address, no connection, timeout, malformed response. */
public final class CaptureException extends IOException {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
