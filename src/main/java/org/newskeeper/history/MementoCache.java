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
 * entry expired. A memento found stays found: a later "not found" keeps it and only moves its next
 * check {@link #FOUND_TTL} on. A failed lookup (no network, the archive's 5xx) is never stored as an
 * answer; table {@code archive_lookup_failures} counts a URL's failures in a row at a TimeGate, and
 * the URL is asked there again only after {@link #retryDelay(int)} (1, 2, 4... days, at most
 * {@link #MAX_RETRY_DELAY}), so a URL an archive keeps failing on does not take a lookup every night.
 */
public final class MementoCache {
    /** How long a found memento is trusted before the archive is asked again. */
    public static final Duration FOUND_TTL = Duration.ofDays(30);
    /** How long "not in that archive" is trusted. */
    public static final Duration NOT_FOUND_TTL = Duration.ofDays(7);
    /** The longest wait before a URL whose lookups kept failing is asked again. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofDays(32);
    /** A night starts at about the same time each day: a wait of days is this much shorter, so that night is due. */
    private static final Duration NIGHT_SLACK = Duration.ofHours(2);
    /** URLs per {@code IN (...)} query. */
    private static final int CHUNK = 500;

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

    /**
     * The failed lookups in a row of a URL at a TimeGate.
     *
     * @param failures how many in a row
     * @param failedAt when the last one failed
     * @param retryAt  when the URL is asked again
     * @param reason   why the last one failed
     */
    public record Failure(int failures, Instant failedAt, Instant retryAt, Optional<String> reason) {
    }

    /**
     * The wait after the {@code failures}-th failed lookup in a row: 1 day (the next night), then
     * 2, 4, 8... days, at most {@link #MAX_RETRY_DELAY}; each a little shorter so that the night of
     * that day is due whatever its start time.
     */
    public static Duration retryDelay(int failures) {
        long days = 1L << Math.min(Math.max(failures, 1) - 1, 5);
        Duration d = Duration.ofDays(days);
        return (d.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : d).minus(NIGHT_SLACK);
    }

    /** Opens the cache in {@code db}, creating its table when absent. */
    public MementoCache(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS archive_lookups (url TEXT NOT NULL, timegate TEXT NOT NULL,"
                    + " archive TEXT NOT NULL, found INTEGER NOT NULL, memento TEXT, memento_datetime INTEGER,"
                    + " requested INTEGER NOT NULL, looked_up_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (url, timegate))");
            s.execute("CREATE TABLE IF NOT EXISTS archive_lookup_failures (url TEXT NOT NULL, timegate TEXT NOT NULL,"
                    + " failures INTEGER NOT NULL, failed_at INTEGER NOT NULL, retry_at INTEGER NOT NULL, reason TEXT,"
                    + " PRIMARY KEY (url, timegate))");
        } catch (SQLException e) {
            throw failure("cannot create the archive lookup table", e);
        }
    }

    /**
     * Stores an archive's answer looked up at {@code now} for the datetime {@code requested}, and
     * returns the entry kept: a "not found" where a memento was found keeps the memento (asked again
     * after {@link #FOUND_TTL}). A failed lookup is not stored as an answer (returns empty): it adds
     * to the URL's failures in a row, which put off its next lookup ({@link #retryDelay(int)}).
     */
    public synchronized Optional<Entry> put(TimeGateAnswer answer, Instant requested, Instant now) {
        String key = UrlKey.normalize(answer.url());
        if (!answer.answered()) {
            recordFailure(key, answer, now);
            return Optional.empty();
        }
        boolean found = answer.outcome() == TimeGateAnswer.Outcome.FOUND;
        Entry e = new Entry(key, answer.timegate(), answer.archive(), found, answer.memento(),
                answer.datetime(), requested, now, now.plus(found ? FOUND_TTL : NOT_FOUND_TTL));
        if (!found) {
            Optional<Entry> before = entry(key, answer.timegate());
            if (before.isPresent() && before.get().found()) {
                Entry b = before.get();
                e = new Entry(b.url(), b.timegate(), b.archive(), true, b.memento(), b.datetime(), b.requested(),
                        b.lookedUpAt(), now.plus(FOUND_TTL));
            }
        }
        try (PreparedStatement p = db.connection().prepareStatement("INSERT OR REPLACE INTO archive_lookups"
                + " (url, timegate, archive, found, memento, memento_datetime, requested, looked_up_at, expires_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?)");
                PreparedStatement clear = db.connection().prepareStatement(
                        "DELETE FROM archive_lookup_failures WHERE url = ? AND timegate = ?")) {
            p.setString(1, e.url());
            p.setString(2, e.timegate());
            p.setString(3, e.archive());
            p.setInt(4, e.found() ? 1 : 0);
            p.setString(5, e.memento().orElse(null));
            if (e.datetime().isPresent()) {
                p.setLong(6, e.datetime().get().toEpochMilli());
            } else {
                p.setNull(6, Types.INTEGER);
            }
            p.setLong(7, e.requested().toEpochMilli());
            p.setLong(8, e.lookedUpAt().toEpochMilli());
            p.setLong(9, e.expiresAt().toEpochMilli());
            p.executeUpdate();
            clear.setString(1, key);
            clear.setString(2, answer.timegate());
            clear.executeUpdate();
            return Optional.of(e);
        } catch (SQLException ex) {
            throw failure("cannot store the archive lookup of " + e.url(), ex);
        }
    }

    private void recordFailure(String key, TimeGateAnswer answer, Instant now) {
        int failures = failure(key, answer.timegate()).map(Failure::failures).orElse(0) + 1;
        try (PreparedStatement p = db.connection().prepareStatement("INSERT OR REPLACE INTO archive_lookup_failures"
                + " (url, timegate, failures, failed_at, retry_at, reason) VALUES (?,?,?,?,?,?)")) {
            p.setString(1, key);
            p.setString(2, answer.timegate());
            p.setInt(3, failures);
            p.setLong(4, now.toEpochMilli());
            p.setLong(5, now.plus(retryDelay(failures)).toEpochMilli());
            p.setString(6, answer.error().orElse(null));
            p.executeUpdate();
        } catch (SQLException ex) {
            throw failure("cannot store the failed archive lookup of " + key, ex);
        }
    }

    /** The failed lookups in a row of {@code url} at {@code timegate}, if its last lookup there failed. */
    public synchronized Optional<Failure> failure(String url, String timegate) {
        return one("SELECT failures, failed_at, retry_at, reason FROM archive_lookup_failures", url, timegate,
                r -> new Failure(r.getInt(1), Instant.ofEpochMilli(r.getLong(2)), Instant.ofEpochMilli(r.getLong(3)),
                        Optional.ofNullable(r.getString(4))));
    }

    /** Something read from the current row of a query. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** The row of {@code select} ({@code ... FROM table}) about {@code url} (normalised) and {@code timegate}. */
    private <T> Optional<T> one(String select, String url, String timegate, RowReader<T> reader) {
        try (PreparedStatement p = db.connection().prepareStatement(select + " WHERE url = ? AND timegate = ?")) {
            p.setString(1, UrlKey.normalize(url));
            p.setString(2, timegate);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(reader.read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read the archive lookups of " + url, e);
        }
    }

    /** The cached answer of {@code timegate} about {@code url}, expired or not. */
    public synchronized Optional<Entry> entry(String url, String timegate) {
        return one("SELECT * FROM archive_lookups", url, timegate, MementoCache::entry);
    }

    /**
     * Whether {@code url} needs asking {@code timegate} at {@code now}: no entry or an expired one,
     * and no failed lookup waiting for its retry.
     */
    public boolean due(String url, String timegate, Instant now) {
        Due d = dueOf(List.of(url), timegate).get(UrlKey.normalize(url));
        return d == null || !now.isBefore(d.at());
    }

    /**
     * When a URL is next to be asked a TimeGate.
     *
     * @param at    the later of its entry's expiry and its failed lookups' retry
     * @param retry whether that is the retry of failed lookups
     */
    public record Due(Instant at, boolean retry) {
        Due later(Due o) {
            return o.at.isAfter(at) ? o : this;
        }
    }

    /**
     * When each URL of {@code urls} (normalised first) is next to be asked {@code timegate}, keyed by
     * normalised URL, in a few queries for them all. URLs never asked there are absent (due at once).
     */
    public synchronized Map<String, Due> dueOf(Collection<String> urls, String timegate) {
        Map<String, Due> due = new HashMap<>();
        try {
            forChunks(urls, "SELECT url, expires_at FROM archive_lookups WHERE timegate = ? AND url IN", timegate, r ->
                    due.merge(r.getString(1), new Due(Instant.ofEpochMilli(r.getLong(2)), false), Due::later));
            forChunks(urls, "SELECT url, retry_at FROM archive_lookup_failures WHERE timegate = ? AND url IN", timegate, r ->
                    due.merge(r.getString(1), new Due(Instant.ofEpochMilli(r.getLong(2)), true), Due::later));
            return due;
        } catch (SQLException e) {
            throw failure("cannot read the archive lookups", e);
        }
    }

    /** Something done with each row of a query. */
    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet r) throws SQLException;
    }

    /**
     * Runs {@code select} ({@code ... url IN}, the marks appended) over the normalised {@code urls} in
     * chunks of {@link #CHUNK}, with {@code first} bound before the URLs when given.
     */
    private void forChunks(Collection<String> urls, String select, String first, RowAction action) throws SQLException {
        List<String> keys = new ArrayList<>();
        for (String u : urls) {
            keys.add(UrlKey.normalize(u));
        }
        int offset = first == null ? 0 : 1;
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            String marks = String.join(",", Collections.nCopies(part.size(), "?"));
            try (PreparedStatement p = db.connection().prepareStatement(select + " (" + marks + ")")) {
                if (first != null) {
                    p.setString(1, first);
                }
                for (int i = 0; i < part.size(); i++) {
                    p.setString(offset + i + 1, part.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        action.accept(r);
                    }
                }
            }
        }
    }

    /**
     * The best memento known of each URL (normalised first), keyed by normalised URL: among the
     * found entries of every archive, the one closest to the datetime asked for. URLs without a
     * found memento are absent. For the reports and the export.
     */
    public synchronized Map<String, Entry> best(Collection<String> urls) {
        Map<String, Entry> best = new HashMap<>();
        try {
            forChunks(urls, "SELECT * FROM archive_lookups WHERE found = 1 AND url IN", null, r -> {
                Entry e = entry(r);
                best.merge(e.url(), e, (a, b) -> distance(a) <= distance(b) ? a : b);
            });
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
