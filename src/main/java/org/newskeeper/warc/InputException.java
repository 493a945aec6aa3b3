package org.newskeeper.warc;

/**
 * Bad input to {@code pack} or {@code verify}, found before anything was written: a file where a
 * directory is expected, a database that is not SQLite, a file that is not a WARC given as one, a
 * bad {@code [pack]} setting. A usage error (exit 2); the message is one line naming the file (and
 * the table and key of a setting).
 *
 * <p>It is an {@link org.newskeeper.config.InvalidOptionException}, so callers that map bad option
 * values to a usage error map this too.
 */
public final class InputException extends org.newskeeper.config.InvalidOptionException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
