package org.newskeeper.config;

/**
 * An option value the library refuses (a concurrency of 0, a negative size, a bad glob): the one
 * exception option builders throw for bad values, so that a command line can tell a user's mistake
 * (a usage error) from a bug (an internal error) without catching every {@link IllegalArgumentException}.
 */
public class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidOptionException(String message) {
        super(message);
    }

    public InvalidOptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
