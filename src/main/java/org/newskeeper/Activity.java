package org.newskeeper;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the process is doing right now: the stage it is in and the file each thread is reading. Read
 * only when something unexpected (an {@link OutOfMemoryError}, a bug) ends a command, so that its one
 * line on standard error can name the stage and the file instead of printing a stack trace.
 *
 * <p>Readers call {@link #reading(Path)} before they read a file and {@link #done()} after; the cost is
 * one map update per file.
 */
public final class Activity {
    private static volatile String stage = "";
    private static final Map<Thread, Path> READING = new ConcurrentHashMap<>();
    private static volatile Path lastRead;

    private Activity() {
    }

    /**
     * Enters a stage (a command's name, or the nightly run's stage); the files an earlier stage read
     * are forgotten, so a failure is never blamed on them.
     */
    public static void stage(String name) {
        stage = name == null ? "" : name;
        READING.clear();
        lastRead = null;
    }

    /** The current stage, if one was entered. */
    public static Optional<String> stage() {
        return stage.isEmpty() ? Optional.empty() : Optional.of(stage);
    }

    /** The calling thread starts reading {@code file}. */
    public static void reading(Path file) {
        READING.put(Thread.currentThread(), file);
        lastRead = file;
    }

    /** The calling thread finished reading its file. */
    public static void done() {
        READING.remove(Thread.currentThread());
    }

    /**
     * The file being read when {@code thread} failed: that thread's, else any thread's, else the last
     * file any thread started reading.
     */
    public static Optional<Path> file(Thread thread) {
        Path p = READING.get(thread);
        if (p == null && !READING.isEmpty()) {
            p = READING.values().iterator().next();
        }
        return Optional.ofNullable(p != null ? p : lastRead);
    }

    /** Forgets everything (a new command in the same process). */
    public static void reset() {
        stage = "";
        READING.clear();
        lastRead = null;
    }

    /**
     * The one line that describes an unexpected failure: {@code internal error in stage S reading F: E}.
     */
    public static String describe(Throwable t, Thread thread) {
        StringBuilder sb = new StringBuilder("internal error");
        stage().ifPresent(s -> sb.append(" in stage ").append(s));
        Path reading = READING.get(thread);
        if (reading == null && !READING.isEmpty()) {
            reading = READING.values().iterator().next();
        }
        if (reading != null) {
            sb.append(" reading ").append(reading);
        } else if (lastRead != null) {
            // nothing is being read: the last file read is a clue, not the culprit
            sb.append(" after reading ").append(lastRead);
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof java.util.concurrent.CompletionException
                        || root instanceof java.util.concurrent.ExecutionException
                        || root instanceof java.io.UncheckedIOException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        sb.append(": ").append(root.getClass().getName());
        if (message != null && !message.isBlank()) {
            sb.append(": ").append(message.replaceAll("[\\r\\n]+", " "));
        }
        if (root instanceof OutOfMemoryError) {
            sb.append(" (raise the heap with NEWSKEEPER_JAVA_OPTS=-Xmx..., or exclude the file)");
        }
        return sb.toString();
    }
}
