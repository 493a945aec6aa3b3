package org.newskeeper.cli;

/** Bad input from the user: a missing path, an unreadable configuration. Exit code 2, one line. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
