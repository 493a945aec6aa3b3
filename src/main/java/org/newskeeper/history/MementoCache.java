package org.newskeeper.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.linkstate.TimeGateAnswer;
import org.newskeeper.linkstate.UrlKey;

/**
 * The answers of public web archives (Memento TimeGates) in the shared {@link Database}: table
 * {@code archive_lookups}, one row per normalised URL and TimeGate. A "found" answer is trusted for
 * {@link #FOUND_TTL}, a "not found" for {@link #NOT_FOUND_TTL}; a URL is asked again only once its
 * entry expired. Failed lookups (no network) are never stored.
 */
public final class MementoCache {
    /** How long a found memento is trusted before the archive is asked again. */
    public static final Duration FOUND_TTL = Duration.ofDays(30);
    /** How long "not in that archive" is trusted. */
    public static final Duration NOT_FOUND_TTL = Duration.ofDays(7);

    private final Database db;

    /**
     * One cached answer.
     *
     * @param url        the normalised URL
     * @param timegate   the TimeGate prefix asked
     * @param archive    the archive's name
     * @param found      whether a memento was found
     * @param memento    its URI
     * @param datetime   its Memento-Datetime
     * @param requested  the datetime asked for (the article's)
     * @param lookedUpAt when the archive answered
     * @param expiresAt  when it is asked again
     */
    public record Entry(String url, String timegate, String archive, boolean found, Optional<String> memento,
            Optional<Instant> datetime, Instant requested, Instant lookedUpAt, Instant expiresAt) {
        public Entry {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(memento, "memento");
            Objects.requireNonNull(datetime, "datetime");
        }

        /** Whether the entry still holds at {@code now}. */
        public boolean fresh(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    /** Opens the cache in {@code db}, creating its table when absent. */
    public MementoCache(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS archive_lookups (url TEXT NOT NULL, timegate TEXT NOT NULL,"
                    + " archive TEXT NOT NULL, found INTEGER NOT NULL, memento TEXT, memento_datetime INTEGER,"
                    + " requested INTEGER NOT NULL, looked_up_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (url, timegate))");
        } catch (SQLException e) {
            throw failure("cannot create the archive lookup table", e);
        }
    }

    /**
     * Stores an archive's answer looked up at {@code now} for the datetime {@code requested};
     * a failed lookup is not stored (returns empty).
     */
    public synchronized Optional<Entry> put(TimeGateAnswer answer, Instant requested, Instant now) {
        if (!answer.answered()) {
            return Optional.empty();
        }
        boolean found = answer.outcome() == TimeGateAnswer.Outcome.FOUND;
        Entry e = new Entry(UrlKey.normalize(answer.url()), answer.timegate(), answer.archive(), found, answer.memento(),
                answer.datetime(), requested, now, now.plus(found ? FOUND_TTL : NOT_FOUND_TTL));
        try (PreparedStatement p = db.connection().prepareStatement("INSERT OR REPLACE INTO archive_lookups"
                + " (url, timegate, archive, found, memento, memento_datetime, requested, looked_up_at, expires_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, e.url());
            p.setString(2, e.timegate());
            p.setString(3, e.archive());
            p.setInt(4, found ? 1 : 0);
            p.setString(5, e.memento().orElse(null));
            if (e.datetime().isPresent()) {
                p.setLong(6, e.datetime().get().toEpochMilli());
            } else {
                p.setNull(6, Types.INTEGER);
            }
            p.setLong(7, requested.toEpochMilli());
            p.setLong(8, now.toEpochMilli());
            p.setLong(9, e.expiresAt().toEpochMilli());
            p.executeUpdate();
            return Optional.of(e);
        } catch (SQLException ex) {
            throw failure("cannot store the archive lookup of " + e.url(), ex);
        }
    }

    /** The cached answer of {@code timegate} about {@code url}, expired or not. */
    public synchronized Optional<Entry> entry(String url, String timegate) {
        try (PreparedStatement p = db.connection().prepareStatement(
                "SELECT * FROM archive_lookups WHERE url = ? AND timegate = ?")) {
            p.setString(1, UrlKey.normalize(url));
            p.setString(2, timegate);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(entry(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read the archive lookup of " + url, e);
        }
    }

    /** Whether {@code url} needs asking {@code timegate} at {@code now}: no entry, or an expired one. */
    public boolean due(String url, String timegate, Instant now) {
        return entry(url, timegate).map(e -> !e.fresh(now)).orElse(true);
    }

    /**
     * The best memento known of each URL (normalised first), keyed by normalised URL: among the
     * found entries of every archive, the one closest to the datetime asked for. URLs without a
     * found memento are absent. For the reports and the export.
     */
    public synchronized Map<String, Entry> best(Collection<String> urls) {
        List<String> keys = new ArrayList<>();
        for (String u : urls) {
            keys.add(UrlKey.normalize(u));
        }
        Map<String, Entry> best = new HashMap<>();
        int chunk = 500;
        try {
            for (int from = 0; from < keys.size(); from += chunk) {
                List<String> part = keys.subList(from, Math.min(keys.size(), from + chunk));
                String marks = String.join(",", Collections.nCopies(part.size(), "?"));
                try (PreparedStatement p = db.connection().prepareStatement(
                        "SELECT * FROM archive_lookups WHERE found = 1 AND url IN (" + marks + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        p.setString(i + 1, part.get(i));
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            Entry e = entry(r);
                            best.merge(e.url(), e, (a, b) -> distance(a) <= distance(b) ? a : b);
                        }
                    }
                }
            }
            return best;
        } catch (SQLException e) {
            throw failure("cannot read the archive lookups", e);
        }
    }

    /** The best memento known of {@code url}, if any archive has one. */
    public Optional<Entry> best(String url) {
        return Optional.ofNullable(best(List.of(url)).get(UrlKey.normalize(url)));
    }

    private static long distance(Entry e) {
        return e.datetime().map(d -> Math.abs(Duration.between(d, e.requested()).toMillis())).orElse(Long.MAX_VALUE);
    }

    private static Entry entry(ResultSet r) throws SQLException {
        long dt = r.getLong("memento_datetime");
        Optional<Instant> datetime = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(dt));
        return new Entry(r.getString("url"), r.getString("timegate"), r.getString("archive"), r.getInt("found") == 1,
                Optional.ofNullable(r.getString("memento")), datetime, Instant.ofEpochMilli(r.getLong("requested")),
                Instant.ofEpochMilli(r.getLong("looked_up_at")), Instant.ofEpochMilli(r.getLong("expires_at")));
    }

    private UncheckedIOException failure(String what, SQLException e) {
        return new UncheckedIOException(new IOException(db.file() + ": " + what + ": " + e.getMessage(), e));
    }
}
