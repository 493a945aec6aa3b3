package org.newskeeper.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded SQLite database shared by the nightly history (links), the archive index (pack) and
 * the runs (reports); default {@code checks/links.sqlite}. Each capability creates its own tables
 * with {@code CREATE TABLE IF NOT EXISTS}.
 */
public final class Database implements AutoCloseable {
    /** The default place of the database. */
    public static final Path DEFAULT = Path.of("checks", "links.sqlite");

    private final Path file;
    private final Connection connection;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * The system property naming a folder where SQLite's native library is kept between processes
     * (the launcher gives {@code target/native}).
     */
    public static final String NATIVE_FOLDER = "newskeeper.native";

    /**
     * Points sqlite-jdbc at a copy of its native library kept in the folder {@link #NATIVE_FOLDER}
     * names, under the driver's version, made on first use. By itself the driver copies the
     * library out of its jar into the temporary folder in every process, after asking {@code uname}
     * whether it runs on Android: a program started and a megabyte written and digested before the
     * first query (about 0.06 s of a cold start), and a file left in /tmp by every process that was
     * killed. Anything amiss (no property, a folder that cannot be written, a library the platform
     * lacks) leaves the driver to its own way; so does a copy that will not load.
     */
    private static final class NativeLibrary {
        static {
            String folder = System.getProperty(NATIVE_FOLDER);
            if (folder != null && System.getProperty("org.sqlite.lib.path") == null) {
                try {
                    Path dir = Path.of(folder, org.sqlite.SQLiteJDBCLoader.getVersion());
                    String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
                    Path lib = dir.resolve(name);
                    if (!Files.isRegularFile(lib)) {
                        copyOut(org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name, dir, lib);
                    }
                    if (Files.isRegularFile(lib)) {
                        System.setProperty("org.sqlite.lib.path", dir.toString());
                        System.setProperty("org.sqlite.lib.name", name);
                    }
                } catch (IOException | RuntimeException e) {
                    // the driver's own way
                }
            }
        }

        private static void copyOut(String resource, Path dir, Path lib) throws IOException {
            try (java.io.InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return;
                }
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, lib.getFileName().toString(), ".tmp");
                try {
                    Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, lib, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }

        static void use() {
            // the static initialiser did the work, once per process
        }
    }

    /** Opens (creating when absent) the database at {@code file}, in WAL mode so a killed run loses nothing committed. */
    public static Database open(Path file) throws IOException {
        NativeLibrary.use();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            return new Database(file, c);
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open database: " + reason(e), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Whether {@code table} has a column {@code column} (a migration adds the columns older databases lack). */
    static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (java.sql.ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (column.equals(r.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JDBC connection; callers use {@link #transaction} for multi-row writes. */
    public Connection connection() {
        return connection;
    }

    /** SQLite's result code for "database or disk is full" (a write failed with ENOSPC). */
    static final int SQLITE_FULL = 13;

    /**
     * Rolls back a transaction that failed with {@code failure}. After a full disk SQLite has already
     * rolled it back, so the rollback fails too ("no transaction is active"): that failure is added to
     * {@code failure} as suppressed, never thrown in its place, so the real cause is what is reported.
     */
    public static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Restores auto-commit at the end of a transaction ({@code finally}). The driver commits when
     * auto-commit comes back on, which fails when the transaction already failed: with a
     * {@code failure} in flight that error is added to it (it would otherwise replace it); without
     * one it is thrown.
     */
    public static void restoreAutoCommit(Connection c, boolean auto, Throwable failure) throws SQLException {
        try {
            c.setAutoCommit(auto);
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /**
     * What to say about a database error: the real cause, not the error of a step that failed only
     * because of it. A full disk (SQLite's {@code SQLITE_FULL}, anywhere in the causes and suppressed
     * errors) is "No space left on device"; otherwise the error's own message.
     */
    public static String reason(Throwable e) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            String m = String.valueOf(t.getMessage());
            if ((t instanceof SQLException sql && sql.getErrorCode() == SQLITE_FULL)
                    || m.contains("No space left on device") || m.contains("SQLITE_FULL")) {
                return "No space left on device (SQLite: " + (m.contains("No space left on device")
                        ? "disk full" : "database or disk is full") + ")";
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return String.valueOf(e.getMessage());
    }

    /** Work done inside a transaction, on the database's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    /**
     * Runs {@code work} in one transaction, the one rule for every store: the connection (shared by
     * every store) is held for the whole transaction; the work commits only when it returns; any
     * exception or error it throws (an {@code SQLException}, an {@code IOException}, a
     * {@code RuntimeException}, an {@code Error}) rolls everything back and is thrown on; auto-commit
     * is restored afterwards. Called inside another transaction on the same connection, the work
     * joins it: the outer one commits or rolls back.
     */
    public <T> T transaction(Work<T> work) throws SQLException, IOException {
        synchronized (connection) {
            if (!connection.getAutoCommit()) {
                return work.run(connection);
            }
            connection.setAutoCommit(false);
            Throwable failure = null;
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable e) {
                failure = e;
                rollback(connection, e); // after a full disk the rollback fails too: it must not hide e
                throw e;
            } finally {
                restoreAutoCommit(connection, true, failure);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException(file + ": cannot close database: " + reason(e), e);
        }
    }
}
