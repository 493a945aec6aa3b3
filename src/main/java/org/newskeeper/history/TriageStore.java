package org.newskeeper.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.linkstate.UrlKey;

/**
 * The reviewers' triage decisions in the shared {@link Database}: table {@code link_triage}, one row
 * per normalised URL ({@link UrlKey#normalize}), created when absent. A decision stays until it is
 * replaced or cleared; the reports ask {@link #of(String)} or {@link #all()} / {@link #of(Collection)}.
 */
public final class TriageStore {
    private final Database db;

    /** Opens the store in {@code db}, creating its table when absent. */
    public TriageStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS link_triage (url TEXT PRIMARY KEY, decision TEXT NOT NULL,"
                    + " replacement TEXT, note TEXT, decided_by TEXT NOT NULL, decided_at INTEGER NOT NULL)");
        } catch (SQLException e) {
            throw failure("cannot create the triage table", e);
        }
    }

    /** Records (or replaces) the decision about {@code triage.url()}, stored under its normalised key. */
    public synchronized Triage put(Triage triage) {
        Triage t = new Triage(UrlKey.normalize(triage.url()), triage.decision(), triage.replacement(), triage.note(),
                triage.by(), triage.at());
        try (PreparedStatement p = db.connection().prepareStatement("INSERT OR REPLACE INTO link_triage"
                + " (url, decision, replacement, note, decided_by, decided_at) VALUES (?,?,?,?,?,?)")) {
            p.setString(1, t.url());
            p.setString(2, t.decision().id());
            p.setString(3, t.replacement().orElse(null));
            p.setString(4, t.note().orElse(null));
            p.setString(5, t.by());
            p.setLong(6, t.at().toEpochMilli());
            p.executeUpdate();
            return t;
        } catch (SQLException e) {
            throw failure("cannot record the triage of " + t.url(), e);
        }
    }

    /** Removes the decision about {@code url}; whether there was one. */
    public synchronized boolean clear(String url) {
        try (PreparedStatement p = db.connection().prepareStatement("DELETE FROM link_triage WHERE url = ?")) {
            p.setString(1, UrlKey.normalize(url));
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("cannot clear the triage of " + url, e);
        }
    }

    /** Whether {@code url} (normalised first) is triaged, and how. */
    public synchronized Optional<Triage> of(String url) {
        try (PreparedStatement p = db.connection().prepareStatement("SELECT * FROM link_triage WHERE url = ?")) {
            p.setString(1, UrlKey.normalize(url));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(triage(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read the triage of " + url, e);
        }
    }

    /** The decisions about many URLs (normalised first), keyed by normalised URL; untriaged ones are absent. */
    public synchronized Map<String, Triage> of(Collection<String> urls) {
        Map<String, Triage> all = new HashMap<>();
        for (Triage t : all()) {
            all.put(t.url(), t);
        }
        Map<String, Triage> found = new HashMap<>();
        for (String u : urls) {
            Triage t = all.get(UrlKey.normalize(u));
            if (t != null) {
                found.put(t.url(), t);
            }
        }
        return found;
    }

    /** Every decision, oldest first. */
    public synchronized List<Triage> all() {
        List<Triage> list = new ArrayList<>();
        try (Statement s = db.connection().createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM link_triage ORDER BY decided_at, url")) {
            while (r.next()) {
                list.add(triage(r));
            }
            return list;
        } catch (SQLException e) {
            throw failure("cannot read the triage table", e);
        }
    }

    private static Triage triage(ResultSet r) throws SQLException {
        String id = r.getString("decision");
        Triage.Decision d = Triage.Decision.of(id)
                .orElseThrow(() -> new SQLException("unknown triage decision '" + id + "'"));
        return new Triage(r.getString("url"), d, Optional.ofNullable(r.getString("replacement")),
                Optional.ofNullable(r.getString("note")), r.getString("decided_by"),
                Instant.ofEpochMilli(r.getLong("decided_at")));
    }

    private UncheckedIOException failure(String what, SQLException e) {
        return new UncheckedIOException(new IOException(db.file() + ": " + what + ": " + e.getMessage(), e));
    }
}
