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

    /** Opens (creating when absent) the database at {@code file}, in WAL mode so a killed run loses nothing committed. */
    public static Database open(Path file) throws IOException {
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
            throw new IOException(file + ": cannot open database: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The JDBC connection; callers use {@link #transaction} for multi-row writes. */
    public Connection connection() {
        return connection;
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
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable e) {
                try {
                    connection.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException(file + ": cannot close database: " + e.getMessage(), e);
        }
    }
}
