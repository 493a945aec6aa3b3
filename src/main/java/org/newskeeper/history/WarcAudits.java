package org.newskeeper.history;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last full verification of each WARC file, in the shared database (table {@code warc_audit},
 * one row per file, replaced each time the file is read in full): when, the size and modification
 * time the file had then, and how many problems it had. The nightly's rolling audit chooses from
 * these which older files to read again; a file whose size or modification time differs from its
 * row was changed since and is due again. The table is created when absent, so a database written
 * before it existed opens, with every file never verified.
 */
public final class WarcAudits {
    private final Database db;

    /**
     * A file's last full verification.
     *
     * @param file     the WARC file (its absolute path)
     * @param stamp    its size and modification time when it was read
     * @param verified when it was read in full
     * @param problems how many problems it had then (0: clean)
     */
    public record Audit(String file, ArchiveIndex.FileStamp stamp, Instant verified, int problems) {
        public Audit {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(stamp, "stamp");
            Objects.requireNonNull(verified, "verified");
        }

        /** Whether the file had no problem. */
        public boolean clean() {
            return problems == 0;
        }

        /** {@code clean} or {@code problems}, as the reports show it. */
        public String result() {
            return clean() ? CLEAN : PROBLEMS;
        }
    }

    /** The result of a file that verified without a problem. */
    public static final String CLEAN = "clean";
    /** The result of a file that had problems. */
    public static final String PROBLEMS = "problems";

    /** The audits of {@code db}; creates the table when absent. */
    public WarcAudits(Database db) throws IOException {
        this.db = Objects.requireNonNull(db, "db");
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS warc_audit (file TEXT PRIMARY KEY, file_size INTEGER NOT NULL,"
                    + " file_mtime INTEGER NOT NULL, verified INTEGER NOT NULL, problems INTEGER NOT NULL)");
        } catch (SQLException e) {
            throw fail("cannot create warc_audit", e);
        }
    }

    /** Every file's last full verification, by file. */
    public Map<String, Audit> all() throws IOException {
        Map<String, Audit> out = new LinkedHashMap<>();
        synchronized (db.connection()) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT file, file_size, file_mtime, verified, problems FROM warc_audit ORDER BY file");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Audit(rs.getString(1), new ArchiveIndex.FileStamp(rs.getLong(2), rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5)));
                }
            } catch (SQLException e) {
                throw fail("cannot read warc_audit", e);
            }
        }
        return out;
    }

    /**
     * Records full verifications, replacing the files' earlier rows, on {@code c}: the caller runs
     * this inside its {@link Database#transaction} (the nightly's, with the verify stage's end), so
     * the rows and the stage commit together.
     */
    public static void record(Connection c, List<Audit> audits) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO warc_audit (file, file_size, file_mtime,"
                + " verified, problems) VALUES (?,?,?,?,?)")) {
            for (Audit a : audits) {
                ps.setString(1, a.file());
                ps.setLong(2, a.stamp().size());
                ps.setLong(3, a.stamp().mtimeMillis());
                ps.setLong(4, a.verified().toEpochMilli());
                ps.setInt(5, a.problems());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records full verifications in one transaction of their own. */
    public void record(List<Audit> audits) throws IOException {
        try {
            db.transaction(c -> {
                record(c, audits);
                return null;
            });
        } catch (SQLException e) {
            throw fail("cannot record WARC verifications", e);
        }
    }

    private IOException fail(String what, SQLException e) {
        return new IOException(db.file() + ": " + what + ": " + Database.reason(e), e);
    }
}
