package org.newskeeper.history;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.linkstate.UrlKey;

/**
 * Which URLs we hold a capture of in our own WARC files, from the {@link ArchiveIndex}'s payload
 * records (the first capture of each payload, by target URI, matched by normalised URL key). A URL
 * whose bytes were first captured under another URL is not found here (its record is a revisit).
 */
public final class LocalCaptures {
    private final Database db;

    public LocalCaptures(Database db) throws IOException {
        this.db = Objects.requireNonNull(db, "db");
        new ArchiveIndex(db); // creates the tables when absent
    }

    /** The earliest capture of each URL (normalised first), keyed by normalised URL; URLs never captured are absent. */
    public Map<String, ArchiveIndex.PayloadEntry> of(Collection<String> urls) throws IOException {
        Map<String, String> wanted = new HashMap<>();
        for (String u : urls) {
            wanted.put(UrlKey.normalize(u), u);
        }
        Map<String, ArchiveIndex.PayloadEntry> found = new HashMap<>();
        try (PreparedStatement ps = db.connection().prepareStatement(
                "SELECT digest, record_id, target_uri, warc_date, filename, offset FROM archive_payloads"
                        + " ORDER BY warc_date");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = UrlKey.normalize(rs.getString(3));
                if (wanted.containsKey(key) && !found.containsKey(key)) {
                    found.put(key, new ArchiveIndex.PayloadEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IOException(db.file() + ": cannot read archive_payloads: " + e.getMessage(), e);
        }
    }

    /** The earliest capture of {@code url}, if we hold one. */
    public Optional<ArchiveIndex.PayloadEntry> of(String url) throws IOException {
        return Optional.ofNullable(of(java.util.List.of(url)).get(UrlKey.normalize(url)));
    }
}
