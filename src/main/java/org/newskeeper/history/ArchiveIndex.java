package org.newskeeper.history;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the WARC files of each collection hold, in the shared database: the closed files, the
 * content digest of every packed article, and the first record of every archived payload (for
 * deduplication). Rows of a file are written in one transaction only after that file was closed
 * and renamed, so the index never names a record that is not in a final WARC.
 */
public final class ArchiveIndex {
    private final Database db;

    /** A closed WARC file. */
    public record FileEntry(String filename, String collection, long size, String opened, String closed) {
    }

    /**
     * An article's resource record; {@code stamp} is the size and modification time its file had
     * when it was read (absent for entries recovered from a WARC or written before stamps were kept).
     */
    public record ArticleEntry(String path, String digest, String recordId, String date, String filename,
            long offset, Optional<FileStamp> stamp) {
        public ArticleEntry {
            Objects.requireNonNull(stamp, "stamp");
        }

        /** An entry without a stamp. */
        public ArticleEntry(String path, String digest, String recordId, String date, String filename, long offset) {
            this(path, digest, recordId, date, filename, offset, Optional.empty());
        }
    }

    /**
     * A file's size in bytes and modification time in milliseconds: when both are what they were,
     * the bytes are taken as unchanged without reading them.
     */
    public record FileStamp(long size, long mtimeMillis) {
        /** The stamp of {@code file} now. */
        public static FileStamp of(java.nio.file.Path file) throws IOException {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(file,
                    java.nio.file.attribute.BasicFileAttributes.class);
            return new FileStamp(a.size(), a.lastModifiedTime().toMillis());
        }
    }

    /** A record holding a payload: the original a later capture of the same bytes refers to. */
    public record PayloadEntry(String digest, String recordId, String targetUri, String date, String filename,
            long offset) {
    }

    /** Opens the index in {@code db}, creating its tables when absent. */
    public ArchiveIndex(Database db) throws IOException {
        this.db = Objects.requireNonNull(db, "db");
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS archive_files (filename TEXT PRIMARY KEY, collection TEXT NOT NULL,"
                    + " size INTEGER NOT NULL, opened TEXT NOT NULL, closed TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS archive_articles (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " collection TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL, record_id TEXT NOT NULL,"
                    + " warc_date TEXT NOT NULL, filename TEXT NOT NULL, offset INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS archive_articles_path ON archive_articles (collection, path)");
            // databases from before stamps were kept gain the columns, empty: those articles are
            // decided by their digest once, and stamped when next packed or found unchanged
            Set<String> columns = new HashSet<>();
            try (ResultSet rs = s.executeQuery("PRAGMA table_info(archive_articles)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            if (!columns.contains("file_size")) {
                s.execute("ALTER TABLE archive_articles ADD COLUMN file_size INTEGER");
            }
            if (!columns.contains("file_mtime")) {
                s.execute("ALTER TABLE archive_articles ADD COLUMN file_mtime INTEGER");
            }
            s.execute("CREATE TABLE IF NOT EXISTS archive_payloads (collection TEXT NOT NULL, digest TEXT NOT NULL,"
                    + " record_id TEXT NOT NULL, target_uri TEXT NOT NULL, warc_date TEXT NOT NULL,"
                    + " filename TEXT NOT NULL, offset INTEGER NOT NULL, PRIMARY KEY (collection, digest))");
        } catch (SQLException e) {
            throw fail("cannot create archive tables", e);
        }
    }

    /** Whether {@code filename} was indexed. */
    public boolean hasFile(String filename) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement("SELECT 1 FROM archive_files WHERE filename = ?")) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw fail("cannot read archive_files", e);
        }
    }

    /** The indexed files of a collection, oldest first. */
    public List<FileEntry> files(String collection) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(
                "SELECT filename, collection, size, opened, closed FROM archive_files WHERE collection = ? ORDER BY filename")) {
            ps.setString(1, collection);
            List<FileEntry> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FileEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("cannot read archive_files", e);
        }
    }

    /** The latest packed version of each article path of a collection. */
    public Map<String, ArticleEntry> latestArticles(String collection) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(
                "SELECT path, digest, record_id, warc_date, filename, offset, file_size, file_mtime FROM archive_articles"
                        + " WHERE collection = ? ORDER BY seq")) {
            ps.setString(1, collection);
            Map<String, ArticleEntry> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long size = rs.getLong(7);
                    boolean stamped = !rs.wasNull();
                    long mtime = rs.getLong(8);
                    stamped &= !rs.wasNull();
                    out.put(rs.getString(1), new ArticleEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6),
                            stamped ? Optional.of(new FileStamp(size, mtime)) : Optional.empty()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("cannot read archive_articles", e);
        }
    }

    /** The original record of a payload digest in a collection, if one was archived. */
    public Optional<PayloadEntry> payload(String collection, String digest) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(
                "SELECT digest, record_id, target_uri, warc_date, filename, offset FROM archive_payloads"
                        + " WHERE collection = ? AND digest = ?")) {
            ps.setString(1, collection);
            ps.setString(2, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PayloadEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6)));
            }
        } catch (SQLException e) {
            throw fail("cannot read archive_payloads", e);
        }
    }

    /**
     * The original records among {@code recordIds} of a collection's payloads, by Record-ID, in one
     * pass over the collection's payloads (the rolling audit looks up the originals its revisits
     * refer to in files it does not read tonight).
     */
    public Map<String, PayloadEntry> payloadsByRecordId(String collection, Set<String> recordIds) throws IOException {
        Map<String, PayloadEntry> out = new HashMap<>();
        if (recordIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = db.connection().prepareStatement(
                "SELECT digest, record_id, target_uri, warc_date, filename, offset FROM archive_payloads WHERE collection = ?")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(2);
                    if (recordIds.contains(id)) {
                        out.put(id, new PayloadEntry(rs.getString(1), id, rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getLong(6)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("cannot read archive_payloads", e);
        }
    }

    /**
     * Records a closed file with its articles and payloads in one transaction. Re-recording a file
     * changes nothing; a payload keeps its first original.
     */
    public void commitFile(FileEntry file, List<ArticleEntry> articles, List<PayloadEntry> payloads) throws IOException {
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT OR IGNORE INTO archive_files (filename, collection, size, opened, closed) VALUES (?,?,?,?,?)")) {
                    ps.setString(1, file.filename());
                    ps.setString(2, file.collection());
                    ps.setLong(3, file.size());
                    ps.setString(4, file.opened());
                    ps.setString(5, file.closed());
                    if (ps.executeUpdate() == 0) {
                        return null; // recorded already: the transaction changed nothing
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_articles"
                        + " (collection, path, digest, record_id, warc_date, filename, offset, file_size, file_mtime)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                    for (ArticleEntry a : articles) {
                        ps.setString(1, file.collection());
                        ps.setString(2, a.path());
                        ps.setString(3, a.digest());
                        ps.setString(4, a.recordId());
                        ps.setString(5, a.date());
                        ps.setString(6, a.filename());
                        ps.setLong(7, a.offset());
                        if (a.stamp().isPresent()) {
                            ps.setLong(8, a.stamp().get().size());
                            ps.setLong(9, a.stamp().get().mtimeMillis());
                        } else {
                            ps.setNull(8, java.sql.Types.INTEGER);
                            ps.setNull(9, java.sql.Types.INTEGER);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO archive_payloads"
                        + " (collection, digest, record_id, target_uri, warc_date, filename, offset) VALUES (?,?,?,?,?,?,?)")) {
                    for (PayloadEntry p : payloads) {
                        ps.setString(1, file.collection());
                        ps.setString(2, p.digest());
                        ps.setString(3, p.recordId());
                        ps.setString(4, p.targetUri());
                        ps.setString(5, p.date());
                        ps.setString(6, p.filename());
                        ps.setLong(7, p.offset());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw fail("cannot record " + file.filename(), e);
        }
    }

    /**
     * Records the stamps of archived articles whose file was touched but whose bytes are still the
     * archived ones (same digest), on their latest entry, in one transaction; the next run then
     * finds them unchanged without reading them.
     */
    public void restamp(String collection, Map<String, FileStamp> stamps) throws IOException {
        if (stamps.isEmpty()) {
            return;
        }
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE archive_articles SET file_size = ?, file_mtime = ?"
                        + " WHERE seq = (SELECT max(seq) FROM archive_articles WHERE collection = ? AND path = ?)")) {
                    for (Map.Entry<String, FileStamp> e : stamps.entrySet()) {
                        ps.setLong(1, e.getValue().size());
                        ps.setLong(2, e.getValue().mtimeMillis());
                        ps.setString(3, collection);
                        ps.setString(4, e.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw fail("cannot record file stamps", e);
        }
    }

    private IOException fail(String what, SQLException e) {
        return new IOException(db.file() + ": " + what + ": " + Database.reason(e), e);
    }
}
