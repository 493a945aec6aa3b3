package org.newskeeper.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.newskeeper.linkstate.ConfirmationPolicy;
import org.newskeeper.linkstate.ConfirmationRule;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.linkstate.Standing;
import org.newskeeper.linkstate.UrlKey;

/**
 * The nightly history of links in the shared SQLite {@link Database}: every observation, the state
 * each URL is in (first seen, last alive, consecutive failures, confirmed), and the runs.
 *
 * <p>Tables: {@code link_runs}, {@code link_observations} (append-only), {@code link_states} (one
 * row per URL). URLs are stored normalised ({@link UrlKey#normalize}); lookups normalise too.
 * Times are epoch milliseconds from the injected {@link Clock}. Methods are thread-safe.
 *
 * <p>It stores and loads; what an observation does to a URL's state is the confirmation rule of
 * {@link ConfirmationRule#next}.
 * An observation recorded as not counted (a connection-level failure of a night the network was
 * down, {@code link_observations.counted = 0}) leaves the standing as it was ({@link ConfirmationRule#uncounted}).
 */
public final class LinkHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Redirect>> REDIRECTS = new TypeReference<>() {
    };

    /**
     * What a run that takes a URL's verdict from the history writes to its row: the run, and the
     * previous status as stored ({@link #previousStatus}: the status itself is implied, not written).
     * Before, every such row was rewritten with {@code previous_status = status}: on a URL's first
     * unchanged night NULL became 'ok', two bytes more in rows packed full by night 1's inserts, which
     * split pages (+4.1 MB of 60.9 at 207,453 URLs); now the row keeps its size (or shrinks), and the
     * byte {@code last_run} may take more is the row's {@link #room} when there is one. Its one
     * parameter is the run (used twice).
     */
    private static final String CITED = "last_run = ?1, previous_status = CASE WHEN first_run = ?1 THEN status END,"
            + " streak_tail = NULL";

    /** Above this many URLs, {@link #statesOf} reads the whole table in one pass instead of looking each up. */
    private static final int SCAN_ABOVE = 5_000;
    private static final int CITED_CHUNK = 10_000;

    private final Database db;
    private final Clock clock;
    private final boolean compact;

    /** Opens the history over {@code db} with the system clock, creating its tables when absent. */
    public LinkHistory(Database db) {
        this(db, Clock.systemUTC());
    }

    /** Opens the history with a clock of the caller's (tests simulate nights with it). */
    public LinkHistory(Database db, Clock clock) {
        this(db, clock, true);
    }

    /** With {@code compact} false every observation is appended (tests compare both). */
    LinkHistory(Database db, Clock clock, boolean compact) {
        this.compact = compact;
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        try (Statement s = connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS link_runs ("
                    + "id INTEGER PRIMARY KEY AUTOINCREMENT, started_at INTEGER NOT NULL, finished_at INTEGER,"
                    + " urls INTEGER NOT NULL DEFAULT 0, requested INTEGER NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE IF NOT EXISTS link_observations ("
                    + "id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, run_id INTEGER,"
                    + " observed_at INTEGER NOT NULL, status TEXT NOT NULL, code INTEGER, final_url TEXT,"
                    + " redirects TEXT NOT NULL DEFAULT '[]', error TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS link_observations_url ON link_observations(url, observed_at)");
            s.execute("CREATE INDEX IF NOT EXISTS link_observations_run ON link_observations(run_id)");
            s.execute("CREATE TABLE IF NOT EXISTS link_states ("
                    + "url TEXT PRIMARY KEY, status TEXT NOT NULL, code INTEGER, final_url TEXT,"
                    + " redirects TEXT NOT NULL DEFAULT '[]', error TEXT, checked_at INTEGER NOT NULL,"
                    + " first_seen INTEGER NOT NULL, last_ok INTEGER, consecutive_failures INTEGER NOT NULL DEFAULT 0,"
                    + " failing_since INTEGER, confirmed INTEGER NOT NULL DEFAULT 0, previous_status TEXT,"
                    + " first_run INTEGER, last_run INTEGER)");
            s.execute("CREATE INDEX IF NOT EXISTS link_states_last_run ON link_states(last_run)");
            boolean hasPid = Database.hasColumn(s, "link_runs", "pid");
            if (!hasPid) {
                // Databases written before runs could be resumed: the process of their runs is unknown.
                s.execute("ALTER TABLE link_runs ADD COLUMN pid INTEGER");
            }
            boolean hasCounted = Database.hasColumn(s, "link_observations", "counted");
            if (!hasCounted) {
                // Databases written before outages were told from deaths: every observation counted.
                s.execute("ALTER TABLE link_observations ADD COLUMN counted INTEGER NOT NULL DEFAULT 1");
            }
            boolean hasTail = Database.hasColumn(s, "link_states", "streak_tail");
            if (!hasTail) {
                // Databases written before alive streaks were compacted: every observation is kept, none is a tail yet.
                s.execute("ALTER TABLE link_states ADD COLUMN streak_tail INTEGER");
            }
            boolean hasImplied = Database.hasColumn(s, "link_states", "observed_run");
            if (!hasImplied) {
                // Databases written before a streak's latest observation lived in link_states only: every
                // latest observation is a row of link_observations (observed_run null: none is implied).
                s.execute("ALTER TABLE link_states ADD COLUMN observed_run INTEGER");
            }
        } catch (SQLException e) {
            throw failure("cannot create the link tables", e);
        }
    }

    public Clock clock() {
        return clock;
    }

    private Connection connection() {
        return db.connection();
    }

    private UncheckedIOException failure(String what, SQLException e) {
        return new UncheckedIOException(new IOException(db.file() + ": " + what + ": " + Database.reason(e), e));
    }

    /** The state of {@code url} (normalised first) after its latest observation, if it was ever observed. */
    public synchronized Optional<LinkState> latest(String url) {
        String key = UrlKey.normalize(url);
        try {
            return byKey(key);
        } catch (SQLException e) {
            throw failure("cannot read the state of " + key, e);
        }
    }

    private Optional<LinkState> byKey(String key) throws SQLException {
        try (PreparedStatement p = connection().prepareStatement("SELECT * FROM link_states WHERE url = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(state(r)) : Optional.empty();
            }
        }
    }

    /** The states of many URLs at once (normalised first), keyed by normalised URL; URLs never observed are absent. */
    public synchronized Map<String, LinkState> latest(Collection<String> urls) {
        List<String> keys = new ArrayList<>(urls.size());
        for (String u : urls) {
            keys.add(UrlKey.normalize(u));
        }
        return statesOf(keys);
    }

    /**
     * The states of URLs already normalised ({@link UrlKey#normalize}, as {@code LinkOutcome.url()}
     * gives them), keyed by URL; URLs never observed are absent. Skips the normalisation of
     * {@link #latest(Collection)}: a run looks up every URL it cites.
     */
    public synchronized Map<String, LinkState> statesOf(Collection<String> keys) {
        Map<String, LinkState> found = new HashMap<>(keys.size() * 4 / 3 + 1);
        List<String> list = keys instanceof List ? (List<String>) keys : new ArrayList<>(keys);
        return statesOf(list, found);
    }

    private Map<String, LinkState> statesOf(List<String> keys, Map<String, LinkState> found) {
        Set<String> wanted = keys.size() > SCAN_ABOVE ? new HashSet<>(keys) : Set.of();
        eachState(keys, wanted::contains, s -> found.put(s.url(), s));
        return found;
    }

    /**
     * Gives {@code sink} the state of each URL of {@code keys} (normalised) that was ever observed,
     * in no particular order, without keeping them: a night's worth of URLs (more than
     * {@value #SCAN_ABOVE}) in one streamed pass over {@code link_states}, where {@code wanted}
     * tells the URLs of {@code keys} by their text before a row is read further; fewer by their
     * index, 500 a query. A run decides what each URL needs as its state goes by, and keeps only
     * the states it needs later.
     */
    public void eachState(List<String> keys, java.util.function.Predicate<String> wanted,
            java.util.function.Consumer<LinkState> sink) {
        eachState(keys, wanted, null, sink);
    }

    /**
     * What a row of {@code link_states} says at a glance, before the rest of it is read: the URL,
     * its latest status and its last success.
     */
    @FunctionalInterface
    public interface Glance {
        /**
         * Whether the row of {@code url} (latest status {@code status}, last alive at {@code lastOk}
         * epoch milliseconds, or -1 when never) is passed over: not read further, not given to the sink.
         */
        boolean passOver(String url, LinkStatus status, long lastOk);
    }

    /**
     * {@link #eachState(List, java.util.function.Predicate, java.util.function.Consumer)}, where a
     * row that {@code passOver} (when not null) passes over at a glance is not read further: a night
     * tells the URLs not due from three columns, and reads their reused verdicts after its requests.
     */
    public synchronized void eachState(List<String> keys, java.util.function.Predicate<String> wanted,
            Glance passOver, java.util.function.Consumer<LinkState> sink) {
        Row row = r -> {
            if (passOver != null) {
                String status = r.getString("status");
                long lastOk = r.getLong("last_ok");
                if (r.wasNull()) {
                    lastOk = -1;
                }
                if (passOver.passOver(r.getString("url"), status(status), lastOk)) {
                    return;
                }
            }
            sink.accept(state(r));
        };
        try {
            if (keys.size() > SCAN_ABOVE) {
                // A night's worth of URLs: one streamed pass over the table beats hundreds of IN lookups.
                try (Statement s = connection().createStatement()) {
                    s.setFetchSize(1000);
                    try (ResultSet r = s.executeQuery("SELECT * FROM link_states")) {
                        while (r.next()) {
                            if (wanted.test(r.getString("url"))) {
                                row.accept(r);
                            }
                        }
                    }
                }
                return;
            }
            eachRowOf("*", keys, row);
        } catch (SQLException e) {
            throw failure("cannot read the link states", e);
        }
    }

    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    /** Gives {@code row} each row of {@code link_states} whose URL is one of {@code keys}, found by its index, 500 a query. */
    private void eachRowOf(String columns, List<String> keys, Row row) throws SQLException {
        int chunk = 500;
        for (int from = 0; from < keys.size(); from += chunk) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + chunk));
            String marks = String.join(",", Collections.nCopies(part.size(), "?"));
            try (PreparedStatement p = connection().prepareStatement(
                    "SELECT " + columns + " FROM link_states WHERE url IN (" + marks + ")")) {
                for (int i = 0; i < part.size(); i++) {
                    p.setString(i + 1, part.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        row.accept(r);
                    }
                }
            }
        }
    }

    /** Whether at most {@code n} URLs were ever observed (counting stops after {@code n + 1}). */
    public synchronized boolean knowsAtMost(int n) {
        try (PreparedStatement p = connection().prepareStatement(
                "SELECT count(*) FROM (SELECT 1 FROM link_states LIMIT ?)")) {
            p.setInt(1, n + 1);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getInt(1) <= n;
            }
        } catch (SQLException e) {
            throw failure("cannot read the link states", e);
        }
    }

    /** Which of {@code keys} (normalised URLs) were ever observed: a few hundred at a time, by their index. */
    public synchronized Set<String> known(List<String> keys) {
        Set<String> found = new HashSet<>();
        try {
            eachRowOf("url", keys, r -> found.add(r.getString(1)));
        } catch (SQLException e) {
            throw failure("cannot read the link states", e);
        }
        return found;
    }

    /** Every observation of {@code url}, oldest first. */
    public synchronized List<LinkObservation> observations(String url) {
        String key = UrlKey.normalize(url);
        List<LinkObservation> list = new ArrayList<>();
        try {
            addObservations("SELECT * FROM link_observations WHERE url = ? ORDER BY observed_at, id", key, "observed_at", list);
            // the latest observation of a streak lives in link_states only
            addObservations("SELECT * FROM link_states WHERE url = ? AND observed_run IS NOT NULL", key, "checked_at", list);
            return list;
        } catch (SQLException e) {
            throw failure("cannot read the observations of " + key, e);
        }
    }

    private void addObservations(String sql, String key, String timeColumn, List<LinkObservation> list) throws SQLException {
        try (PreparedStatement p = connection().prepareStatement(sql)) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    list.add(observation(r, timeColumn));
                }
            }
        }
    }

    /** Whether {@code state} was alive at its latest observation, and that no longer ago than {@code maxAge}. */
    public boolean fresh(LinkState state, Duration maxAge) {
        return state.alive() && state.lastOk().isPresent()
                && Duration.between(state.lastOk().get(), clock.instant()).compareTo(maxAge) < 0;
    }

    /** Starts a run in this process (its pid is recorded: a later run can tell whether it is still running); returns its id. */
    public synchronized long startRun() {
        try (PreparedStatement p = connection().prepareStatement(
                "INSERT INTO link_runs(started_at, pid) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, clock.millis());
            p.setLong(2, ProcessHandle.current().pid());
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("cannot start a run", e);
        }
    }

    /** Marks a run finished with its counts. */
    public synchronized void finishRun(long runId, int urls, int requested) {
        try (PreparedStatement p = connection().prepareStatement(
                "UPDATE link_runs SET finished_at = ?, urls = ?, requested = ? WHERE id = ?")) {
            p.setLong(1, clock.millis());
            p.setInt(2, urls);
            p.setInt(3, requested);
            p.setLong(4, runId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot finish run " + runId, e);
        }
    }

    /**
     * Takes up run {@code runId}, unfinished, in this process (a rerun after a crash): the run's
     * process becomes this one; its start, observations and citations stay.
     */
    public synchronized void resumeRun(long runId) {
        try (PreparedStatement p = connection().prepareStatement(
                "UPDATE link_runs SET pid = ? WHERE id = ? AND finished_at IS NULL")) {
            p.setLong(1, ProcessHandle.current().pid());
            p.setLong(2, runId);
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("link run " + runId + " is not an unfinished run of " + db.file());
            }
        } catch (SQLException e) {
            throw failure("cannot resume run " + runId, e);
        }
    }

    /** Every run, oldest first. */
    public synchronized List<LinkRun> runs() {
        List<LinkRun> list = new ArrayList<>();
        try (Statement s = connection().createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM link_runs ORDER BY id")) {
            while (r.next()) {
                list.add(run(r));
            }
            return list;
        } catch (SQLException e) {
            throw failure("cannot read the runs", e);
        }
    }

    /** The latest finished run, if any. */
    public Optional<LinkRun> lastRun() {
        List<LinkRun> all = runs();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).finished().isPresent()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** The latest run, finished or not (an unfinished latest run was killed, or is running). */
    public synchronized Optional<LinkRun> latestRun() {
        try (Statement s = connection().createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM link_runs ORDER BY id DESC LIMIT 1")) {
            return r.next() ? Optional.of(run(r)) : Optional.empty();
        } catch (SQLException e) {
            throw failure("cannot read the runs", e);
        }
    }

    /**
     * The URLs (normalised) run {@code runId} observed: requested, or recorded as not checkable.
     * After a crash, these are what the killed attempt had finished.
     */
    public synchronized Set<String> observedIn(long runId) {
        Set<String> set = urls("SELECT DISTINCT url FROM link_observations WHERE run_id = ?", runId);
        set.addAll(urls("SELECT url FROM link_states WHERE observed_run = ?", runId));
        return set;
    }

    /** The URLs (normalised) whose latest citation is run {@code runId}'s: observed by it or taken from the history. */
    public synchronized Set<String> citedIn(long runId) {
        return urls("SELECT url FROM link_states WHERE last_run = ?", runId);
    }

    private Set<String> urls(String sql, long runId) {
        Set<String> set = new HashSet<>();
        try (PreparedStatement p = connection().prepareStatement(sql)) {
            p.setLong(1, runId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    set.add(r.getString(1));
                }
            }
            return set;
        } catch (SQLException e) {
            throw failure("cannot read the URLs of run " + runId, e);
        }
    }

    /** Records one observation made in run {@code runId}; returns the URL's new state. */
    public LinkState record(long runId, LinkObservation o, int confirmAfter, Duration confirmSpan) {
        return recordAll(runId, List.of(o), confirmAfter, confirmSpan).get(0);
    }

    /** Records observations in one transaction; returns the new states in the same order. */
    public synchronized List<LinkState> recordAll(long runId, List<LinkObservation> list, int confirmAfter,
            Duration confirmSpan) {
        return recordAll(runId, list, confirmAfter, confirmSpan, true);
    }

    /**
     * Records observations in one transaction; returns the new states in the same order. Without
     * {@code counted} (a night the network was down), they neither count towards confirmation nor
     * reset anything: only the latest status changes.
     */
    public synchronized List<LinkState> recordAll(long runId, List<LinkObservation> list, int confirmAfter,
            Duration confirmSpan, boolean counted) {
        ConfirmationPolicy policy = new ConfirmationPolicy(confirmAfter, confirmSpan);
        return transaction(() -> {
            List<LinkState> states = new ArrayList<>(list.size());
            try (PreparedStatement select = connection().prepareStatement("SELECT * FROM link_states WHERE url = ?");
                    PreparedStatement observe = connection().prepareStatement("INSERT INTO link_observations"
                            + "(url, run_id, observed_at, status, code, final_url, redirects, error, counted)"
                            + " VALUES (?,?,?,?,?,?,?,?,?)");
                    // an upsert, not INSERT OR REPLACE: the row is updated where it is (a replace deletes
                    // it and appends a new one, leaving the night's old rows as free space in the file)
                    PreparedStatement update = connection().prepareStatement("INSERT INTO link_states"
                            + "(url, checked_at, status, code, final_url, redirects, error, first_seen, last_ok,"
                            + " consecutive_failures, failing_since, confirmed, previous_status, first_run, last_run,"
                            + " streak_tail, observed_run) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                            + " ON CONFLICT(url) DO UPDATE SET checked_at = excluded.checked_at, status = excluded.status,"
                            + " code = excluded.code, final_url = excluded.final_url, redirects = excluded.redirects,"
                            + " error = excluded.error, first_seen = excluded.first_seen, last_ok = excluded.last_ok,"
                            + " consecutive_failures = excluded.consecutive_failures,"
                            + " failing_since = excluded.failing_since, confirmed = excluded.confirmed,"
                            + " previous_status = excluded.previous_status, first_run = excluded.first_run,"
                            + " last_run = excluded.last_run, streak_tail = excluded.streak_tail,"
                            + " observed_run = excluded.observed_run")) {
                for (LinkObservation o : list) {
                    LinkObservation n = normalised(o);
                    select.setString(1, n.url());
                    Optional<LinkState> prev;
                    Optional<Long> implied;
                    try (ResultSet r = select.executeQuery()) {
                        prev = r.next() ? Optional.of(state(r)) : Optional.empty();
                        implied = prev.isPresent() ? getLong(r, "observed_run") : Optional.empty();
                    }
                    states.add(recordOne(runId, n, prev, implied, counted ? Optional.of(policy) : Optional.empty(),
                            observe, update));
                }
            }
            return states;
        });
    }

    /** Notes that run {@code runId} cited {@code url} and took its verdict from the history; returns its state. */
    public synchronized Optional<LinkState> cited(long runId, String url) {
        String key = UrlKey.normalize(url);
        try (PreparedStatement p = connection().prepareStatement(
                "UPDATE link_states SET " + CITED + " WHERE url = ?")) {
            p.setLong(1, runId);
            p.setString(2, key);
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot update " + key, e);
        }
        try {
            return byKey(key);
        } catch (SQLException e) {
            throw failure("cannot read the state of " + key, e);
        }
    }

    /**
     * Notes, in one transaction, that run {@code runId} cited these URLs (normalised, as
     * {@code LinkOutcome.url()} gives them) and took their verdicts from the history; returns their
     * states as they now stand, keyed by URL.
     */
    public synchronized Map<String, LinkState> citedAll(long runId, Collection<String> keys) {
        return citedStates(runId, statesOf(keys));
    }

    /**
     * As {@link #citedAll(long, Collection)}, for states the caller has just read (from
     * {@link #statesOf}): they are not read again.
     */
    public synchronized Map<String, LinkState> citedStates(long runId, Map<String, LinkState> before) {
        cited(runId, before.keySet());
        Map<String, LinkState> after = new HashMap<>(before.size() * 4 / 3 + 1);
        for (LinkState s : before.values()) {
            after.put(s.url(), new LinkState(s.latest(), s.firstSeen(), s.lastOk(), s.consecutiveFailures(),
                    s.failingSince(), s.confirmed(), Optional.of(s.status()), s.firstRun(), runId));
        }
        return after;
    }

    /**
     * Notes, in one transaction, that run {@code runId} cited these URLs (normalised) and took
     * their verdicts from the history, as {@link #citedStates} without giving the states: the run
     * made their outcomes as it read them ({@link #eachState}).
     */
    public synchronized void cited(long runId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        transaction(() -> {
            // one statement per 10,000 URLs given as a JSON array: a night takes most of its
            // 200,000 URLs from the history, and an UPDATE each cost seconds before the first
            // request; one array of all of them is a string of 15 MB and its UTF-8 copy
            try (PreparedStatement p = connection().prepareStatement("UPDATE link_states SET " + CITED
                    + " WHERE url IN (SELECT value FROM json_each(?))")) {
                List<String> list = keys instanceof List<String> l ? l : new ArrayList<>(keys);
                for (int from = 0; from < list.size(); from += CITED_CHUNK) {
                    p.setLong(1, runId);
                    p.setString(2, JSON.writeValueAsString(list.subList(from, Math.min(list.size(), from + CITED_CHUNK))));
                    p.executeUpdate();
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    /**
     * What changed in run {@code runId} against the run before: URLs newly broken, fixed, still
     * broken, and new URLs that fail. Only URLs the run cited are considered.
     */
    public synchronized List<LinkChange> changes(long runId) {
        List<LinkChange> list = new ArrayList<>();
        try (PreparedStatement p = connection().prepareStatement(
                "SELECT * FROM link_states WHERE last_run = ? ORDER BY url")) {
            p.setLong(1, runId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    LinkState s = state(r);
                    LinkStatus now = s.status();
                    Optional<LinkStatus> before = s.previousStatus();
                    boolean failedBefore = before.map(LinkStatus::isFailure).orElse(false);
                    LinkChange.Kind kind = null;
                    if (s.firstRun() == runId && before.isEmpty()) {
                        kind = now.isFailure() ? LinkChange.Kind.NEW_BROKEN : null;
                    } else if (now.isFailure()) {
                        kind = failedBefore ? LinkChange.Kind.STILL_BROKEN : LinkChange.Kind.BROKEN;
                    } else if (now.isAlive() && failedBefore) {
                        kind = LinkChange.Kind.FIXED;
                    }
                    if (kind != null) {
                        list.add(new LinkChange(s.url(), kind, now, before, s));
                    }
                }
            }
            return list;
        } catch (SQLException e) {
            throw failure("cannot read the changes of run " + runId, e);
        }
    }

    /** Every URL the history knows, by URL. */
    public synchronized List<LinkState> states() {
        List<LinkState> list = new ArrayList<>();
        try (Statement s = connection().createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM link_states ORDER BY url")) {
            while (r.next()) {
                list.add(state(r));
            }
            return list;
        } catch (SQLException e) {
            throw failure("cannot read the link states", e);
        }
    }

    /** Every URL whose latest observation is a failure, confirmed ones first. */
    public synchronized List<LinkState> failing() {
        List<LinkState> list = new ArrayList<>();
        StringBuilder in = new StringBuilder();
        for (LinkStatus s : LinkStatus.values()) {
            if (s.isFailure()) {
                in.append(in.length() == 0 ? "" : ",").append('\'').append(s.id()).append('\'');
            }
        }
        try (Statement s = connection().createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM link_states WHERE status IN (" + in
                        + ") ORDER BY confirmed DESC, url")) {
            while (r.next()) {
                list.add(state(r));
            }
            return list;
        } catch (SQLException e) {
            throw failure("cannot read the failing links", e);
        }
    }

    private static LinkObservation normalised(LinkObservation o) {
        String key = UrlKey.normalize(o.url());
        return key.equals(o.url()) ? o
                : new LinkObservation(key, o.observedAt(), o.status(), o.code(), o.finalUrl(), o.redirects(), o.error());
    }

    /**
     * Records {@code o}. A counted observation that repeats the URL's latest one (same status, code,
     * final URL, chain and error; alive or failing) continues a streak: the streak keeps its first
     * observation as a row of {@code link_observations} and its latest in {@code link_states} only
     * ({@code observed_run}, the run that made it), so a URL that stays alive for a year keeps one row,
     * not 365, and an unchanged night adds no row. When the verdict changes, the streak's latest
     * observation becomes a row before the new one, so the history keeps the first and last of every
     * streak. The state is computed exactly as without compaction.
     */
    private LinkState recordOne(long runId, LinkObservation o, Optional<LinkState> prev, Optional<Long> implied,
            Optional<ConfirmationPolicy> policy, PreparedStatement observe, PreparedStatement p) throws SQLException {
        boolean repeats = compact && policy.isPresent() && prev.isPresent() && sameVerdict(prev.get().latest(), o);
        if (!repeats) {
            if (implied.isPresent()) {
                insert(observe, prev.get().url(), implied.get(), prev.get().latest(), true); // the streak's end
            }
            insert(observe, o.url(), runId, o, policy.isPresent());
        }
        // Without a policy: not counted (a night the network was down), the standing stays as it was.
        Optional<Standing> before = prev.map(LinkState::standing);
        Standing next = policy.isPresent() ? ConfirmationRule.next(before, o, policy.get())
                : ConfirmationRule.uncounted(before, o);
        Instant firstSeen = next.firstSeen();
        Optional<Instant> lastOk = next.lastOk();
        int failures = next.consecutiveFailures();
        Optional<Instant> since = next.failingSince();
        boolean confirmed = next.confirmed();
        Optional<LinkStatus> previous = prev.map(LinkState::status);
        long firstRun = prev.map(LinkState::firstRun).orElse(runId);
        p.setString(1, o.url());
        bindObservation(p, 2, o);
        p.setLong(8, firstSeen.toEpochMilli());
        setLong(p, 9, lastOk.map(Instant::toEpochMilli));
        p.setInt(10, failures);
        setLong(p, 11, since.map(Instant::toEpochMilli));
        p.setInt(12, confirmed ? 1 : 0);
        setString(p, 13, previous.filter(s -> !implied(s, o.status(), firstRun, runId)).map(LinkStatus::id));
        p.setLong(14, firstRun);
        p.setLong(15, runId);
        setLong(p, 16, prev.isEmpty() ? room(runId) : Optional.empty());
        setLong(p, 17, repeats ? Optional.of(runId) : Optional.empty());
        p.executeUpdate();
        return new LinkState(o, firstSeen, lastOk, failures, since, confirmed, previous, firstRun, runId);
    }

    private static void insert(PreparedStatement observe, String url, long runId, LinkObservation o, boolean counted)
            throws SQLException {
        observe.setString(1, url);
        observe.setLong(2, runId);
        bindObservation(observe, 3, o);
        observe.setInt(9, counted ? 1 : 0);
        observe.executeUpdate();
    }

    private static boolean sameVerdict(LinkObservation a, LinkObservation b) {
        return a.status() == b.status() && a.code().equals(b.code()) && a.finalUrl().equals(b.finalUrl())
                && a.redirects().equals(b.redirects()) && a.error().equals(b.error());
    }

    /** Binds observed_at, status, code, final_url, redirects, error from {@code index} on. */
    private static void bindObservation(PreparedStatement p, int index, LinkObservation o) throws SQLException {
        p.setLong(index, o.observedAt().toEpochMilli());
        p.setString(index + 1, o.status().id());
        setLong(p, index + 2, o.code().map(Integer::longValue));
        setString(p, index + 3, o.finalUrl());
        try {
            p.setString(index + 4, o.redirects().isEmpty() ? "[]" : JSON.writeValueAsString(o.redirects()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        setString(p, index + 5, o.error());
    }

    private static void setLong(PreparedStatement p, int i, Optional<Long> v) throws SQLException {
        if (v.isPresent()) {
            p.setLong(i, v.get());
        } else {
            p.setNull(i, Types.INTEGER);
        }
    }

    private static void setString(PreparedStatement p, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            p.setString(i, v.get());
        } else {
            p.setNull(i, Types.VARCHAR);
        }
    }

    private static Optional<Long> getLong(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private static LinkRun run(ResultSet r) throws SQLException {
        return new LinkRun(r.getLong("id"), Instant.ofEpochMilli(r.getLong("started_at")),
                getLong(r, "finished_at").map(Instant::ofEpochMilli), r.getInt("urls"), r.getInt("requested"),
                getLong(r, "pid"));
    }

    private static LinkStatus status(String id) {
        return LinkStatus.fromId(id).orElseThrow(() -> new IllegalStateException("unknown link status in the database: " + id));
    }

    private static LinkObservation observation(ResultSet r, String timeColumn) throws SQLException {
        String chain = r.getString("redirects");
        List<Redirect> redirects = List.of();
        if (chain != null && !chain.equals("[]")) {
            try {
                redirects = JSON.readValue(chain, REDIRECTS);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable redirect chain in the database: " + chain, e);
            }
        }
        return new LinkObservation(r.getString("url"), Instant.ofEpochMilli(r.getLong(timeColumn)), status(r.getString("status")),
                getLong(r, "code").map(Long::intValue), Optional.ofNullable(r.getString("final_url")), redirects,
                Optional.ofNullable(r.getString("error")));
    }

    /**
     * The room a new row of run {@code runId} is written with, in {@code streak_tail} (a column no
     * version reads: it marked streaks' tails in a layout of before compaction, and every version
     * writes it NULL), when the next run's number takes more bytes than this one's: SQLite stores
     * the integers 0 and 1 in no bytes, so {@code last_run} 1 becomes a byte longer on run 2 (and
     * again at 128, 32,768...). Night 1 inserts its rows in key order, packing the pages full; without
     * room, the URL's first unchanged night grew every row by that byte and split pages (+2.3 MB of
     * 60.9 at 207,453 URLs, replayed with sqlite3 on a copy of a night-1 database). The next write of
     * the row clears it, so the row keeps its size; the room costs a byte a row on night 1.
     */
    static Optional<Long> room(long runId) {
        int more = intBytes(runId + 1) - intBytes(runId);
        return more <= 0 ? Optional.empty() : Optional.of(more == 1 ? 2L : 128L);
    }

    /** The bytes SQLite stores integer {@code v} in (its record format's serial types). */
    static int intBytes(long v) {
        if (v == 0 || v == 1) {
            return 0;
        }
        long[] max = {127, 32_767, 8_388_607, 2_147_483_647L, 140_737_488_355_327L};
        int[] bytes = {1, 2, 3, 4, 6};
        for (int i = 0; i < max.length; i++) {
            if (v >= -max[i] - 1 && v <= max[i]) {
                return bytes[i];
            }
        }
        return 8;
    }

    /**
     * Whether {@code previous}, the status before run {@code runId} looked at a URL first seen in run
     * {@code firstRun}, is implied by the row and so stored as NULL: it is the row's own status and
     * the run is not the URL's first (see {@link #previousStatus}).
     */
    private static boolean implied(LinkStatus previous, LinkStatus status, long firstRun, long runId) {
        return previous == status && firstRun != runId;
    }

    /**
     * The previous status of a row: {@code previous_status} when stored; when NULL, the row's own
     * {@code status} if the latest run that cited the URL is not its first run (a status that did not
     * change, or a verdict taken from the history, is not written again: rewriting every row a night
     * grew the rows NULL to 'ok', a page split at a time), else empty (a URL new in its latest run).
     * Rows written before stored NULL only for new URLs (their first run is their last), so they
     * read as they did.
     */
    static Optional<LinkStatus> previousStatus(String stored, LinkStatus status, long firstRun, long lastRun) {
        if (stored != null) {
            return LinkStatus.fromId(stored);
        }
        return firstRun != lastRun ? Optional.of(status) : Optional.empty();
    }

    private static LinkState state(ResultSet r) throws SQLException {
        LinkObservation latest = observation(r, "checked_at");
        return new LinkState(latest, Instant.ofEpochMilli(r.getLong("first_seen")),
                getLong(r, "last_ok").map(Instant::ofEpochMilli), r.getInt("consecutive_failures"),
                getLong(r, "failing_since").map(Instant::ofEpochMilli), r.getInt("confirmed") != 0,
                previousStatus(r.getString("previous_status"), latest.status(), r.getLong("first_run"), r.getLong("last_run")),
                r.getLong("first_run"), r.getLong("last_run"));
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T transaction(SqlWork<T> work) {
        try {
            return db.transaction(c -> work.run());
        } catch (SQLException e) {
            throw failure("cannot record observations", e);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(db.file() + ": cannot record observations: " + Database.reason(e), e));
        }
    }
}
