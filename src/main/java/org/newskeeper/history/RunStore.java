package org.newskeeper.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.newskeeper.history.LinkRepeats.Repeat;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/**
 * The nightly runs in the shared database: each run, its stages, and what each stage found
 * (articles and findings, link outcomes, verify problems), so reports can be written again from
 * the database alone and each run can be compared with the one before.
 *
 * <p>Every stage's results are written in one transaction together with the mark that the stage is
 * done, replacing whatever an interrupted attempt of the same stage left: a run killed at any point
 * and resumed neither loses nor duplicates rows.
 */
public final class RunStore {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS run (id TEXT PRIMARY KEY, started INTEGER NOT NULL, finished INTEGER,"
            + " corpus TEXT NOT NULL, settings TEXT NOT NULL, exit_code INTEGER, pruned INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE IF NOT EXISTS run_link_count (run_id TEXT NOT NULL REFERENCES run(id), status TEXT NOT NULL,"
            + " confirmed INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (run_id, status, confirmed))",
        "CREATE TABLE IF NOT EXISTS run_stage (run_id TEXT NOT NULL REFERENCES run(id), name TEXT NOT NULL,"
            + " state TEXT NOT NULL, started INTEGER NOT NULL, finished INTEGER NOT NULL, count INTEGER NOT NULL,"
            + " message TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (run_id, name))",
        "CREATE TABLE IF NOT EXISTS run_article (run_id TEXT NOT NULL REFERENCES run(id), path TEXT NOT NULL,"
            + " site TEXT NOT NULL, dialect TEXT NOT NULL, title TEXT, source TEXT, timestamp INTEGER,"
            + " errors INTEGER NOT NULL, warnings INTEGER NOT NULL, PRIMARY KEY (run_id, path))",
        "CREATE TABLE IF NOT EXISTS run_finding (run_id TEXT NOT NULL REFERENCES run(id), seq INTEGER NOT NULL,"
            + " path TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL, line INTEGER NOT NULL,"
            + " message TEXT NOT NULL, PRIMARY KEY (run_id, seq))",
        "CREATE TABLE IF NOT EXISTS run_link (run_id TEXT NOT NULL REFERENCES run(id), url TEXT NOT NULL,"
            + " host TEXT NOT NULL, status TEXT NOT NULL, code INTEGER, final_url TEXT, redirects TEXT NOT NULL,"
            + " error TEXT, first_seen INTEGER, last_ok INTEGER, consecutive_failures INTEGER NOT NULL,"
            + " confirmed INTEGER NOT NULL, from_history INTEGER NOT NULL, is_new INTEGER NOT NULL,"
            + " citations TEXT NOT NULL, PRIMARY KEY (run_id, url))",
        "CREATE TABLE IF NOT EXISTS run_problem (run_id TEXT NOT NULL REFERENCES run(id), seq INTEGER NOT NULL,"
            + " stage TEXT NOT NULL, file TEXT NOT NULL, offset INTEGER NOT NULL, kind TEXT NOT NULL,"
            + " message TEXT NOT NULL, PRIMARY KEY (run_id, seq))",
        "CREATE TABLE IF NOT EXISTS run_link_gone (run_id TEXT NOT NULL REFERENCES run(id), url TEXT NOT NULL,"
            + " PRIMARY KEY (run_id, url))",
        "CREATE TABLE IF NOT EXISTS run_article_gone (run_id TEXT NOT NULL REFERENCES run(id), path TEXT NOT NULL,"
            + " PRIMARY KEY (run_id, path))",
        // A run's failing URLs whose row is the base's but for the count of failures, as one compressed list
        "CREATE TABLE IF NOT EXISTS run_link_repeat (run_id TEXT PRIMARY KEY REFERENCES run(id), urls BLOB NOT NULL)",
    };

    private final Database db;

    /** Opens the run tables in {@code db}, creating them when absent. */
    public RunStore(Database db) throws IOException {
        this.db = db;
        try (Statement s = c().createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
            migrate(s);
        } catch (SQLException e) {
            throw fail("cannot create the run tables", e);
        }
    }

    /**
     * Databases written before per-run link detail was stored as changes: every run's {@code run_link}
     * rows are a full copy ({@code links_base} empty), and a run with rows has its links saved.
     */
    private static void migrate(Statement s) throws SQLException {
        boolean hasBase = Database.hasColumn(s, "run", "links_base");
        if (!hasBase) {
            s.execute("ALTER TABLE run ADD COLUMN links_base TEXT");
            s.execute("ALTER TABLE run ADD COLUMN links_saved INTEGER NOT NULL DEFAULT 0");
            s.execute("UPDATE run SET links_saved = 1 WHERE id IN (SELECT DISTINCT run_id FROM run_link)");
        }
        boolean hasArticlesBase = Database.hasColumn(s, "run", "articles_base");
        if (!hasArticlesBase) {
            s.execute("ALTER TABLE run ADD COLUMN articles_base TEXT");
            s.execute("ALTER TABLE run ADD COLUMN articles_saved INTEGER NOT NULL DEFAULT 0");
            s.execute("UPDATE run SET articles_saved = 1 WHERE id IN (SELECT DISTINCT run_id FROM run_article)");
        }
        boolean hasFindingsBase = Database.hasColumn(s, "run", "findings_base");
        if (!hasFindingsBase) {
            // every run written before has its findings as rows of its own (findings_base empty)
            s.execute("ALTER TABLE run ADD COLUMN findings_base TEXT");
        }
    }

    public Database database() {
        return db;
    }

    /** Records a new run starting at {@code now}; its id is the UTC time, with a suffix when taken. */
    public Run begin(String corpus, String settings, Instant now) throws IOException {
        String base = ID.format(now);
        String id = base;
        for (int n = 2; run(id).isPresent(); n++) {
            id = base + "-" + n;
        }
        try (PreparedStatement p = c().prepareStatement(
                "INSERT INTO run (id, started, corpus, settings) VALUES (?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setLong(2, now.toEpochMilli());
            p.setString(3, corpus);
            p.setString(4, settings);
            p.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot record run " + id, e);
        }
        return new Run(id, Instant.ofEpochMilli(now.toEpochMilli()), Optional.empty(), corpus, settings, Optional.empty());
    }

    /** The run with {@code id}. */
    public Optional<Run> run(String id) throws IOException {
        List<Run> r = runs("WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Every run, oldest first. */
    public List<Run> runs() throws IOException {
        return runs("");
    }

    /** The latest run that has not finished (killed, or running now), if any. */
    public Optional<Run> unfinished() throws IOException {
        List<Run> r = runs("WHERE finished IS NULL");
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
    }

    /** The latest finished run. */
    public Optional<Run> latestFinished() throws IOException {
        List<Run> r = runs("WHERE finished IS NOT NULL AND exit_code IS NOT NULL");
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
    }

    /**
     * Closes an unfinished run that will not be completed (the next run is over another corpus): it
     * gets an end time but no exit code, and no later run compares with it.
     */
    public void abandon(String runId, Instant now) throws IOException {
        try (PreparedStatement p = c().prepareStatement("UPDATE run SET finished = ? WHERE id = ?")) {
            p.setLong(1, now.toEpochMilli());
            p.setString(2, runId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot abandon run " + runId, e);
        }
    }

    /**
     * The latest finished run over the same corpus that started before {@code run}: what "new since
     * the last run" compares with. Abandoned runs do not count.
     */
    public Optional<Run> previous(Run run) throws IOException {
        List<Run> r = runs("WHERE finished IS NOT NULL AND exit_code IS NOT NULL AND corpus = ?"
                + " AND (started < ? OR (started = ? AND id < ?))",
                run.corpus(), run.started().toEpochMilli(), run.started().toEpochMilli(), run.id());
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(r.size() - 1));
    }

    /** Marks the run finished with its exit code. */
    public void finish(String runId, Instant now, int exitCode) throws IOException {
        try (PreparedStatement p = c().prepareStatement("UPDATE run SET finished = ?, exit_code = ? WHERE id = ?")) {
            p.setLong(1, now.toEpochMilli());
            p.setInt(2, exitCode);
            p.setString(3, runId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot finish run " + runId, e);
        }
    }

    /** The stage {@code name} of the run, once it ended. */
    public Optional<RunStage> stage(String runId, Stage name) throws IOException {
        return stages(runId).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The stages of the run that ended, in the order they started. */
    public List<RunStage> stages(String runId) throws IOException {
        return query("cannot read the stages of run " + runId,
                "SELECT name, state, started, finished, count, message, data FROM run_stage WHERE run_id = ?"
                        + " ORDER BY started, rowid",
                r -> new RunStage(stage(r.getString(1)), RunStage.State.of(r.getString(2)),
                        Instant.ofEpochMilli(r.getLong(3)), Instant.ofEpochMilli(r.getLong(4)), r.getLong(5),
                        r.getString(6), r.getString(7)), runId);
    }

    /** Records a stage with no rows of its own (or whose rows were saved already). */
    public void completeStage(String runId, RunStage stage) throws IOException {
        transaction("cannot record stage " + stage.name() + " of run " + runId, () -> putStage(runId, stage));
    }

    /**
     * Saves the check stage: the articles and their findings, replacing any earlier attempt, and the stage.
     *
     * <p>The articles are stored as what changed since the latest earlier run whose articles were
     * saved: the articles with errors, those new or changed, and ({@code run_article_gone}) those no
     * longer in the corpus; {@link #articles} reads the full set back. Findings are stored in full.
     */
    public void completeCheck(String runId, List<RunArticle> articles, List<Finding> findings, RunStage stage)
            throws IOException {
        transaction("cannot save the check results of run " + runId, () -> {
            delete("run_article", runId);
            delete("run_finding", runId);
            delete("run_article_gone", runId);
            Optional<String> base = base("articles", runId);
            Map<String, RunArticle> before = base.isPresent() ? articleSet(base.get()) : Map.of();
            Set<String> present = new HashSet<>();
            try (PreparedStatement p = c().prepareStatement("INSERT INTO run_article (run_id, path, site, dialect,"
                    + " title, source, timestamp, errors, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RunArticle a : articles) {
                    present.add(a.path());
                    if (a.errors() == 0 && a.equals(before.get(a.path()))) {
                        continue; // unchanged: read from the base
                    }
                    p.setString(1, runId);
                    p.setString(2, a.path());
                    p.setString(3, a.site());
                    p.setString(4, a.dialect());
                    setText(p, 5, a.title());
                    setText(p, 6, a.source());
                    setTime(p, 7, a.timestamp());
                    p.setInt(8, a.errors());
                    p.setInt(9, a.warnings());
                    p.addBatch();
                }
                p.executeBatch();
            }
            saveGoneAndBase(runId, Detail.ARTICLES, before.keySet(), present, base);
            // findings the same as the base run's, in the same order: stored as a reference to them
            boolean same = base.isPresent() && findingsOf(base.get()).equals(findings);
            try (PreparedStatement p = c().prepareStatement("UPDATE run SET findings_base = ? WHERE id = ?")) {
                setText(p, 1, same ? base : Optional.empty());
                p.setString(2, runId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c().prepareStatement("INSERT INTO run_finding (run_id, seq, path, rule,"
                    + " severity, line, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Finding f : same ? List.<Finding>of() : findings) {
                    p.setString(1, runId);
                    p.setInt(2, seq++);
                    p.setString(3, f.path());
                    p.setString(4, f.rule());
                    p.setString(5, f.severity().id());
                    p.setInt(6, f.line());
                    p.setString(7, f.message());
                    p.addBatch();
                }
                p.executeBatch();
            }
            putStage(runId, stage);
        });
    }

    /**
     * Saves the links stage: every URL's outcome with its citations, replacing any earlier attempt, and the stage.
     *
     * <p>Stored as what changed since the latest earlier run whose links were saved (its base): the
     * URLs that are not alive, the alive URLs that are new or whose verdict, chain, citations or
     * confirmation changed, and the URLs no longer cited. An alive URL's last success and whether it
     * came from the history are not changes: {@link #links} gives an alive URL carried from an earlier
     * run with that run's last success, {@code fromHistory} true and {@code isNew} false.
     */
    public void completeLinks(String runId, List<RunLink> links, RunStage stage) throws IOException {
        transaction("cannot save the link results of run " + runId, () -> {
            delete("run_link", runId);
            delete("run_link_count", runId);
            delete("run_link_gone", runId);
            delete("run_link_repeat", runId);
            Optional<String> base = linksBase(runId);
            Map<String, LinkRow> before = base.isPresent() ? linkRows(base.get()) : Map.of();
            Map<LinkCount, Long> counts = new LinkedHashMap<>();
            for (RunLink l : links) {
                counts.merge(new LinkCount(l.status(), l.confirmed()), 1L, Long::sum);
            }
            try (PreparedStatement p = c().prepareStatement("INSERT INTO run_link_count (run_id, status, confirmed, count)"
                    + " VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<LinkCount, Long> e : counts.entrySet()) {
                    p.setString(1, runId);
                    p.setString(2, e.getKey().status().id());
                    p.setInt(3, e.getKey().confirmed() ? 1 : 0);
                    p.setLong(4, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            Set<String> cited = new HashSet<>();
            Map<String, Repeat> repeats = new TreeMap<>();
            try (PreparedStatement p = c().prepareStatement("INSERT INTO run_link (run_id, url, host, status, code,"
                    + " final_url, redirects, error, first_seen, last_ok, consecutive_failures, confirmed,"
                    + " from_history, is_new, citations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RunLink l : links) {
                    cited.add(l.url());
                    LinkRow row = LinkRow.of(l);
                    LinkRow was = before.get(l.url());
                    if (was != null && was.sameState(row) && (l.status().isAlive()
                            || (l.fromHistory() && !l.isNew() && was.lastOk().equals(row.lastOk())))) {
                        continue; // unchanged: read from the base
                    }
                    if (was != null && !l.status().isAlive() && !l.fromHistory() && !l.isNew()
                            && was.lastOk().equals(row.lastOk())
                            && was.withFailures(row.consecutiveFailures()).sameState(row)) {
                        // requested again with the same verdict: the base's row and the change of its count
                        repeats.put(l.url(), new Repeat(row.consecutiveFailures() - was.consecutiveFailures(), false));
                        continue;
                    }
                    p.setString(1, runId);
                    p.setString(2, l.url());
                    p.setString(3, l.host());
                    p.setString(4, l.status().id());
                    if (l.code().isPresent()) {
                        p.setInt(5, l.code().get());
                    } else {
                        p.setNull(5, Types.INTEGER);
                    }
                    setText(p, 6, l.finalUrl());
                    p.setString(7, row.redirects());
                    setText(p, 8, l.error());
                    setTime(p, 9, l.firstSeen());
                    setTime(p, 10, l.lastOk());
                    p.setInt(11, l.consecutiveFailures());
                    p.setInt(12, l.confirmed() ? 1 : 0);
                    p.setInt(13, l.fromHistory() ? 1 : 0);
                    p.setInt(14, l.isNew() ? 1 : 0);
                    // a failing URL cited as in the base: its citations are read from there, not stored again
                    p.setString(15, was != null && was.citations().equals(row.citations()) ? AS_IN_BASE : row.citations());
                    p.addBatch();
                }
                p.executeBatch();
            }
            saveGoneAndBase(runId, Detail.LINKS, before.keySet(), cited, base);
            putRepeats(runId, repeats);
            putStage(runId, stage);
        });
    }

    /** Saves a stage's problems (replacing the same stage's earlier attempt) and the stage. */
    public void completeProblems(String runId, List<RunProblem> problems, RunStage stage) throws IOException {
        transaction("cannot save the " + stage.name() + " problems of run " + runId, () -> {
            try (PreparedStatement p = c().prepareStatement("DELETE FROM run_problem WHERE run_id = ? AND stage = ?")) {
                p.setString(1, runId);
                p.setString(2, stage.name().id());
                p.executeUpdate();
            }
            int seq = 0;
            try (PreparedStatement p = c().prepareStatement("SELECT COALESCE(MAX(seq) + 1, 0) FROM run_problem WHERE run_id = ?")) {
                p.setString(1, runId);
                try (ResultSet r = p.executeQuery()) {
                    seq = r.next() ? r.getInt(1) : 0;
                }
            }
            try (PreparedStatement p = c().prepareStatement("INSERT INTO run_problem (run_id, seq, stage, file,"
                    + " offset, kind, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (RunProblem pr : problems) {
                    p.setString(1, runId);
                    p.setInt(2, seq++);
                    p.setString(3, pr.stage().id());
                    p.setString(4, pr.file());
                    p.setLong(5, pr.offset());
                    p.setString(6, pr.kind());
                    p.setString(7, pr.message());
                    p.addBatch();
                }
                p.executeBatch();
            }
            putStage(runId, stage);
        });
    }

    /** The articles of a run, in path order: its stored changes over those of the runs it is based on. */
    public List<RunArticle> articles(String runId) throws IOException {
        try {
            return new ArrayList<>(articleSet(runId).values());
        } catch (SQLException e) {
            throw fail("cannot read the articles of run " + runId, e);
        }
    }

    private Map<String, RunArticle> articleSet(String runId) throws SQLException {
        List<String> chain = chain("articles", runId);
        Map<String, RunArticle> set = new TreeMap<>();
        try (PreparedStatement rows = c().prepareStatement("SELECT path, site, dialect, title, source, timestamp,"
                + " errors, warnings FROM run_article WHERE run_id = ?");
                PreparedStatement gone = c().prepareStatement("SELECT path FROM run_article_gone WHERE run_id = ?")) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                gone.setString(1, chain.get(i));
                try (ResultSet r = gone.executeQuery()) {
                    while (r.next()) {
                        set.remove(r.getString(1));
                    }
                }
                rows.setString(1, chain.get(i));
                try (ResultSet r = rows.executeQuery()) {
                    while (r.next()) {
                        set.put(r.getString(1), new RunArticle(r.getString(1), r.getString(2), r.getString(3),
                                Optional.ofNullable(r.getString(4)), Optional.ofNullable(r.getString(5)), time(r, 6),
                                r.getInt(7), r.getInt(8)));
                    }
                }
            }
        }
        return set;
    }

    /** The run ids whose rows make up {@code runId}'s set of {@code kind} (links, articles): itself, then its bases. */
    private List<String> chain(String kind, String runId) throws SQLException {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Optional<String> id = Optional.of(runId); id.isPresent() && seen.add(id.get()); ) {
            chain.add(id.get());
            try (PreparedStatement p = c().prepareStatement("SELECT " + kind + "_base FROM run WHERE id = ?")) {
                p.setString(1, id.get());
                try (ResultSet r = p.executeQuery()) {
                    id = r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
                }
            }
        }
        return chain;
    }

    /** The latest run before {@code runId} whose {@code kind} (links, articles) were saved and not pruned. */
    private Optional<String> base(String kind, String runId) throws SQLException {
        try (PreparedStatement p = c().prepareStatement("SELECT b.id FROM run b, run r WHERE r.id = ? AND b.id <> r.id"
                + " AND b." + kind + "_saved = 1 AND b.pruned = 0"
                + " AND (b.started < r.started OR (b.started = r.started AND b.id < r.id))"
                + " ORDER BY b.started DESC, b.id DESC LIMIT 1")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** The findings of a run, in the order they were found. */
    public List<Finding> findings(String runId) throws IOException {
        try {
            return findingsOf(runId);
        } catch (SQLException e) {
            throw fail("cannot read the findings of run " + runId, e);
        }
    }

    /** The findings of a run: its own rows, or those of the run its findings are the same as. */
    private List<Finding> findingsOf(String runId) throws SQLException {
        String owner = findingsOwner(runId);
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement p = c().prepareStatement("SELECT path, rule, severity, line, message"
                + " FROM run_finding WHERE run_id = ? ORDER BY seq")) {
            p.setString(1, owner);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Finding(r.getString(2), Severity.valueOf(r.getString(3).toUpperCase(Locale.ROOT)),
                            r.getString(1), r.getInt(4), r.getString(5)));
                }
            }
        }
        return out;
    }

    /** The run whose {@code run_finding} rows are {@code runId}'s findings: the end of its findings_base chain. */
    private String findingsOwner(String runId) throws SQLException {
        String id = runId;
        Set<String> seen = new HashSet<>();
        while (seen.add(id)) {
            try (PreparedStatement p = c().prepareStatement("SELECT findings_base FROM run WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    String next = r.next() ? r.getString(1) : null;
                    if (next == null) {
                        return id;
                    }
                    id = next;
                }
            }
        }
        return id;
    }

    /**
     * The link outcomes of a run, in URL order: its stored changes over those of the runs it is based
     * on (see {@link #completeLinks}).
     */
    public List<RunLink> links(String runId) throws IOException {
        return links(runId, s -> true);
    }

    /**
     * The link outcomes of a run, in URL order, as {@link #links(String)} but with the citations and
     * redirect chain of only the URLs whose status {@code detailed} accepts: the others have none.
     * For readers that need every URL's verdict and the details of a few (the report and the
     * archives step need the failing URLs' citations; decoding those of 207,453 URLs was most of
     * their reading).
     */
    public List<RunLink> links(String runId, Predicate<LinkStatus> detailed) throws IOException {
        try {
            Map<String, LinkRow> rows = linkRows(runId);
            List<RunLink> out = new ArrayList<>(rows.size());
            for (LinkRow row : rows.values()) {
                out.add(row.link(detailed));
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw fail("cannot read the links of run " + runId, e);
        }
    }

    /**
     * The {@code citations} of a {@code run_link} row whose URL is cited as in the run's base: a URL
     * failing night after night in the same articles stores its citations once.
     */
    static final String AS_IN_BASE = "";

    /** A URL's verdict in a run, without its citations or redirect chain. */
    public record LinkVerdict(String url, LinkStatus status, Optional<Integer> code, Optional<String> finalUrl) {
    }

    /**
     * The verdict of every URL of a run (as {@link #links} gives them, but neither citations nor
     * chains are read): what pack needs, lean on memory at 200,000 URLs.
     */
    public List<LinkVerdict> linkVerdicts(String runId) throws IOException {
        try {
            List<String> chain = chain(runId);
            Map<String, LinkVerdict> set = new java.util.HashMap<>();
            try (PreparedStatement rows = c().prepareStatement("SELECT url, status, code, final_url FROM run_link"
                    + " WHERE run_id = ?");
                    PreparedStatement gone = c().prepareStatement("SELECT url FROM run_link_gone WHERE run_id = ?")) {
                for (int i = chain.size() - 1; i >= 0; i--) {
                    gone.setString(1, chain.get(i));
                    try (ResultSet r = gone.executeQuery()) {
                        while (r.next()) {
                            set.remove(r.getString(1));
                        }
                    }
                    rows.setString(1, chain.get(i));
                    try (ResultSet r = rows.executeQuery()) {
                        while (r.next()) {
                            String url = r.getString(1);
                            set.put(url, new LinkVerdict(url, RunStore.status(r.getString(2)), integer(r, 3),
                                    Optional.ofNullable(r.getString(4))));
                        }
                    }
                }
            }
            return List.copyOf(set.values());
        } catch (SQLException e) {
            throw fail("cannot read the links of run " + runId, e);
        }
    }

    /** A run and the runs its links are based on, newest first. */
    private List<String> chain(String runId) throws SQLException {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Optional<String> id = Optional.of(runId); id.isPresent() && seen.add(id.get()); ) {
            chain.add(id.get());
            try (PreparedStatement p = c().prepareStatement("SELECT links_base FROM run WHERE id = ?")) {
                p.setString(1, id.get());
                try (ResultSet r = p.executeQuery()) {
                    id = r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
                }
            }
        }
        return chain;
    }

    /** A {@code run_link} row as stored (chain and citations as JSON text). */
    private record LinkRow(String url, String status, Optional<Integer> code, Optional<String> finalUrl,
            String redirects, Optional<String> error, Optional<Instant> firstSeen, Optional<Instant> lastOk,
            int consecutiveFailures, boolean confirmed, boolean fromHistory, boolean isNew, String citations) {
        static LinkRow of(RunLink l) throws IOException {
            return new LinkRow(l.url(), l.status().id(), l.code(), l.finalUrl(), json(l.redirects()), l.error(),
                    l.firstSeen(), l.lastOk(), l.consecutiveFailures(), l.confirmed(), l.fromHistory(), l.isNew(),
                    CitationsJson.write(l.citations()));
        }

        /** The same but for the last success and whether it was requested or is new. */
        boolean sameState(LinkRow o) {
            return status.equals(o.status) && code.equals(o.code) && finalUrl.equals(o.finalUrl)
                    && redirects.equals(o.redirects) && error.equals(o.error) && firstSeen.equals(o.firstSeen)
                    && consecutiveFailures == o.consecutiveFailures && confirmed == o.confirmed
                    && citations.equals(o.citations);
        }

        LinkRow withFailures(int failures) {
            return new LinkRow(url, status, code, finalUrl, redirects, error, firstSeen, lastOk,
                    failures, confirmed, fromHistory, isNew, citations);
        }

        /** The row a repeat makes of this one: {@code delta} more failures, requested (own) or carried. */
        LinkRow repeated(Repeat r, boolean own) {
            LinkRow next = new LinkRow(url, status, code, finalUrl, redirects, error, firstSeen, lastOk,
                    consecutiveFailures + r.delta(), confirmed, false, false, citations);
            return own && !r.carried() ? next : next.carried();
        }

        /** As a later run sees it when the row is not among its changes. */
        LinkRow carried() {
            return new LinkRow(url, status, code, finalUrl, redirects, error, firstSeen, lastOk,
                    consecutiveFailures, confirmed, true, false, citations);
        }

        /** The link, with its citations and redirect chain when {@code detailed} accepts its status. */
        RunLink link(Predicate<LinkStatus> detailed) throws JsonProcessingException, SQLException {
            LinkStatus s = RunStore.status(status);
            boolean full = detailed.test(s);
            return new RunLink(url, s, code, finalUrl,
                    !full || redirects.equals("[]") ? List.of() : JSON.readValue(redirects, new TypeReference<List<Redirect>>() { }),
                    error, firstSeen, lastOk, consecutiveFailures, confirmed, fromHistory, isNew,
                    full ? CitationsJson.read(citations) : List.of());
        }
    }

    /** The latest run before {@code runId} whose links were saved and not pruned: what its changes are against. */
    private Optional<String> linksBase(String runId) throws SQLException {
        try (PreparedStatement p = c().prepareStatement("SELECT b.id FROM run b, run r WHERE r.id = ? AND b.id <> r.id"
                + " AND b.links_saved = 1 AND b.pruned = 0 AND (b.started < r.started OR (b.started = r.started AND b.id < r.id))"
                + " ORDER BY b.started DESC, b.id DESC LIMIT 1")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** The full link set of a run, by URL: the rows of its base chain, oldest first, then its own. */
    private Map<String, LinkRow> linkRows(String runId) throws SQLException, IOException {
        List<String> chain = chain(runId);
        Map<String, LinkRow> set = new TreeMap<>();
        // 207,453 rows at 64,000 articles, held while a night's links are saved: a host, status,
        // chain or error is one string however many rows repeat it, and a final URL that is the
        // URL is the URL's string
        Map<String, String> same = new HashMap<>();
        try (PreparedStatement rows = c().prepareStatement("SELECT url, status, code, final_url, redirects, error,"
                + " first_seen, last_ok, consecutive_failures, confirmed, from_history, is_new, citations"
                + " FROM run_link WHERE run_id = ?");
                PreparedStatement gone = c().prepareStatement("SELECT url FROM run_link_gone WHERE run_id = ?")) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                boolean own = i == 0;
                gone.setString(1, chain.get(i));
                try (ResultSet r = gone.executeQuery()) {
                    while (r.next()) {
                        set.remove(r.getString(1));
                    }
                }
                rows.setString(1, chain.get(i));
                try (ResultSet r = rows.executeQuery()) {
                    while (r.next()) {
                        String url = r.getString(1);
                        String citations = r.getString(13);
                        if (citations.equals(AS_IN_BASE)) {
                            LinkRow was = set.get(url);
                            citations = was != null ? was.citations() : "[]";
                        }
                        String finalUrl = r.getString(4);
                        String error = r.getString(6);
                        LinkRow row = new LinkRow(url, one(same, r.getString(2)), integer(r, 3),
                                Optional.ofNullable(url.equals(finalUrl) ? url : finalUrl),
                                one(same, r.getString(5)), Optional.ofNullable(error == null ? null : one(same, error)),
                                time(r, 7), time(r, 8), r.getInt(9), r.getInt(10) != 0, r.getInt(11) != 0,
                                r.getInt(12) != 0, citations);
                        set.put(url, own ? row : row.carried());
                    }
                }
                for (Map.Entry<String, Repeat> e : repeats(chain.get(i)).entrySet()) {
                    LinkRow was = set.get(e.getKey());
                    if (was != null) {
                        set.put(e.getKey(), was.repeated(e.getValue(), own));
                    }
                }
            }
        }
        return set;
    }

    /** {@code s} as the first equal string {@code same} saw (short repeated values only). */
    private static String one(Map<String, String> same, String s) {
        return s == null || s.length() > 200 ? s : same.computeIfAbsent(s, k -> k);
    }

    /** Stores a run's repeats as one deflated list of {@code url TAB delta TAB carried} lines. */
    private void putRepeats(String runId, Map<String, Repeat> repeats) throws SQLException {
        try (PreparedStatement p = c().prepareStatement("DELETE FROM run_link_repeat WHERE run_id = ?")) {
            p.setString(1, runId);
            p.executeUpdate();
        }
        if (repeats.isEmpty()) {
            return;
        }
        byte[] list;
        try {
            list = LinkRepeats.encode(repeats);
        } catch (IOException e) {
            throw new SQLException("cannot compress the repeated links of run " + runId, e);
        }
        try (PreparedStatement p = c().prepareStatement("INSERT INTO run_link_repeat (run_id, urls) VALUES (?, ?)")) {
            p.setString(1, runId);
            p.setBytes(2, list);
            p.executeUpdate();
        }
    }

    /** The repeats of a run, by URL (none for a run written before they were stored). */
    private Map<String, Repeat> repeats(String runId) throws SQLException {
        byte[] blob;
        try (PreparedStatement p = c().prepareStatement("SELECT urls FROM run_link_repeat WHERE run_id = ?")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return new TreeMap<>();
                }
                blob = r.getBytes(1);
            }
        }
        try {
            return LinkRepeats.decode(blob);
        } catch (IOException | RuntimeException e) {
            throw new SQLException("unreadable repeated links of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Before run {@code runId} goes: a run based on it takes its repeats, added to its own (a URL it
     * stores a row of or no longer cites needs none), as carried.
     */
    private void foldRepeats(String runId, String later) throws SQLException {
        Map<String, Repeat> gone = repeats(runId);
        if (gone.isEmpty()) {
            return;
        }
        Map<String, Repeat> own = repeats(later);
        Set<String> stored = new HashSet<>();
        for (String table : List.of("run_link", "run_link_gone")) {
            try (PreparedStatement p = c().prepareStatement("SELECT url FROM " + table + " WHERE run_id = ?")) {
                p.setString(1, later);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        stored.add(r.getString(1));
                    }
                }
            }
        }
        for (Map.Entry<String, Repeat> e : gone.entrySet()) {
            if (stored.contains(e.getKey())) {
                continue;
            }
            Repeat mine = own.get(e.getKey());
            own.put(e.getKey(), mine == null ? new Repeat(e.getValue().delta(), true)
                    : new Repeat(e.getValue().delta() + mine.delta(), mine.carried()));
        }
        putRepeats(later, own);
    }

    /** The problems of a run, in the order they were found. */
    public List<RunProblem> problems(String runId) throws IOException {
        return query("cannot read the problems of run " + runId, "SELECT stage, file, offset, kind, message"
                + " FROM run_problem WHERE run_id = ? ORDER BY seq",
                r -> new RunProblem(stage(r.getString(1)), r.getString(2), r.getLong(3), r.getString(4), r.getString(5)), runId);
    }

    /**
     * How many distinct URLs of a run had a status, confirmed failures apart.
     *
     * @param status    the status
     * @param confirmed whether these failures were confirmed
     */
    public record LinkCount(LinkStatus status, boolean confirmed) {
        public LinkCount {
            java.util.Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Link counts per finished run of the same corpus up to and including {@code upTo}, oldest first, at
     * most {@code limit} runs: for each run, status (with {@code confirmed} failures apart) to count.
     */
    public Map<Run, Map<LinkCount, Long>> linkCounts(Run upTo, int limit) throws IOException {
        List<Run> rs = new ArrayList<>(runs("WHERE ((finished IS NOT NULL AND exit_code IS NOT NULL) OR id = ?)"
                + " AND corpus = ? AND (started < ? OR (started = ? AND id <= ?))",
                upTo.id(), upTo.corpus(), upTo.started().toEpochMilli(), upTo.started().toEpochMilli(), upTo.id()));
        if (rs.size() > limit) {
            rs = rs.subList(rs.size() - limit, rs.size());
        }
        Map<Run, Map<LinkCount, Long>> out = new LinkedHashMap<>();
        try (PreparedStatement p = c().prepareStatement("SELECT status, confirmed, count FROM run_link_count"
                + " WHERE run_id = ? ORDER BY status")) {
            for (Run run : rs) {
                Map<LinkCount, Long> counts = new LinkedHashMap<>();
                p.setString(1, run.id());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        counts.merge(new LinkCount(status(r.getString(1)), r.getInt(2) != 0), r.getLong(3), Long::sum);
                    }
                }
                out.put(run, counts);
            }
        } catch (SQLException e) {
            throw fail("cannot count the links of the runs", e);
        }
        return out;
    }

    /**
     * Drops the details (articles, findings, links, problems) of the finished runs older than the
     * newest {@code keep} finished ones, keeping each run, its stages and its link counts (the health
     * chart); returns how many runs were pruned. The database then grows with the runs' counts only.
     */
    public int prune(int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1: " + keep);
        }
        List<Run> finished = runs("WHERE finished IS NOT NULL AND pruned = 0");
        List<Run> old = finished.subList(0, Math.max(0, finished.size() - keep));
        for (Run run : old) {
            transaction("cannot prune run " + run.id(), () -> {
                foldLinks(run.id());
                foldArticles(run.id());
                foldFindings(run.id());
                for (String table : List.of("run_article", "run_article_gone", "run_finding", "run_link", "run_link_gone",
                        "run_link_repeat", "run_problem")) {
                    delete(table, run.id());
                }
                try (PreparedStatement p = c().prepareStatement("UPDATE run SET pruned = 1 WHERE id = ?")) {
                    p.setString(1, run.id());
                    p.executeUpdate();
                }
            });
        }
        return old.size();
    }

    /**
     * Before the link rows of {@code runId} go: each run whose links are changes against it takes the
     * rows it did not change (as carried: from the history, not new) and the removals it did not undo,
     * and is based on what {@code runId} was based on. Its link set stays the same.
     */
    private void foldLinks(String runId) throws SQLException {
        fold(runId, Detail.LINKS);
    }

    /** Before the findings of {@code runId} go: runs whose findings are the same as its own take them. */
    private void foldFindings(String runId) throws SQLException {
        String owner = findingsOwner(runId);
        List<String> next = new ArrayList<>();
        try (PreparedStatement p = c().prepareStatement("SELECT id FROM run WHERE findings_base = ? ORDER BY started, id")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    next.add(r.getString(1));
                }
            }
        }
        if (next.isEmpty()) {
            return;
        }
        String heir = next.get(0);
        if (owner.equals(runId)) {
            // the first run that refers to these rows holds them now; the others refer to it
            try (PreparedStatement p = c().prepareStatement("INSERT INTO run_finding (run_id, seq, path, rule, severity,"
                    + " line, message) SELECT ?, seq, path, rule, severity, line, message FROM run_finding WHERE run_id = ?")) {
                p.setString(1, heir);
                p.setString(2, runId);
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c().prepareStatement("UPDATE run SET findings_base = ? WHERE id = ?")) {
            for (String later : next) {
                setText(p, 1, owner.equals(runId) ? (later.equals(heir) ? Optional.empty() : Optional.of(heir))
                        : Optional.of(owner));
                p.setString(2, later);
                p.executeUpdate();
            }
        }
    }

    /** As {@link #foldLinks}, for the articles. */
    private void foldArticles(String runId) throws SQLException {
        fold(runId, Detail.ARTICLES);
    }

    /**
     * The per-run detail stored as changes against a base run: its table, the table of what went, the
     * key column, the column naming the base run, and the columns copied (as written when carried).
     */
    private enum Detail {
        LINKS("run_link", "run_link_gone", "url", "links_base", "links_saved",
                "host, status, code, final_url, redirects, error, first_seen, last_ok, consecutive_failures, confirmed,"
                        + " from_history, is_new, citations",
                "host, status, code, final_url, redirects, error, first_seen, last_ok, consecutive_failures, confirmed,"
                        + " 1, 0, citations"),
        ARTICLES("run_article", "run_article_gone", "path", "articles_base", "articles_saved",
                "site, dialect, title, source, timestamp, errors, warnings",
                "site, dialect, title, source, timestamp, errors, warnings");

        final String table;
        final String gone;
        final String key;
        final String baseColumn;
        final String savedColumn;
        final String columns;
        final String carried;

        Detail(String table, String gone, String key, String baseColumn, String savedColumn, String columns,
                String carried) {
            this.table = table;
            this.gone = gone;
            this.key = key;
            this.baseColumn = baseColumn;
            this.savedColumn = savedColumn;
            this.columns = columns;
            this.carried = carried;
        }
    }

    /** Records what of the base run is gone from {@code runId} ({@code before} less {@code present}) and its base. */
    private void saveGoneAndBase(String runId, Detail d, java.util.Collection<String> before,
            Set<String> present, Optional<String> base) throws SQLException {
        try (PreparedStatement p = c().prepareStatement("INSERT INTO " + d.gone + " (run_id, " + d.key + ") VALUES (?, ?)")) {
            for (String key : before) {
                if (!present.contains(key)) {
                    p.setString(1, runId);
                    p.setString(2, key);
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c().prepareStatement("UPDATE run SET " + d.baseColumn + " = ?, " + d.savedColumn
                + " = 1 WHERE id = ?")) {
            setText(p, 1, base);
            p.setString(2, runId);
            p.executeUpdate();
        }
    }

    private void fold(String runId, Detail d) throws SQLException {
        Optional<String> base;
        try (PreparedStatement p = c().prepareStatement("SELECT " + d.baseColumn + " FROM run WHERE id = ?")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                base = r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
        List<String> next = new ArrayList<>();
        try (PreparedStatement p = c().prepareStatement("SELECT id FROM run WHERE " + d.baseColumn + " = ?")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    next.add(r.getString(1));
                }
            }
        }
        for (String later : next) {
            if (d == Detail.LINKS) {
                foldRepeats(runId, later); // before its rows are copied: a URL repeated in runId has no row there
                // rows cited as in the run that goes take its citations
                try (PreparedStatement p = c().prepareStatement("UPDATE run_link SET citations = (SELECT x.citations"
                        + " FROM run_link x WHERE x.run_id = ? AND x.url = run_link.url) WHERE run_id = ? AND citations = ?"
                        + " AND EXISTS (SELECT 1 FROM run_link x WHERE x.run_id = ? AND x.url = run_link.url)")) {
                    p.setString(1, runId);
                    p.setString(2, later);
                    p.setString(3, AS_IN_BASE);
                    p.setString(4, runId);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c().prepareStatement("INSERT INTO " + d.table + " (run_id, " + d.key + ", "
                    + d.columns + ") SELECT ?, " + d.key + ", " + d.carried + " FROM " + d.table + " x WHERE x.run_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM " + d.table + " y WHERE y.run_id = ? AND y." + d.key + " = x." + d.key + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM " + d.gone + " g WHERE g.run_id = ? AND g." + d.key + " = x." + d.key + ")")) {
                p.setString(1, later);
                p.setString(2, runId);
                p.setString(3, later);
                p.setString(4, later);
                p.executeUpdate();
            }
            try (PreparedStatement p = c().prepareStatement("INSERT OR IGNORE INTO " + d.gone + " (run_id, " + d.key + ")"
                    + " SELECT ?, " + d.key + " FROM " + d.gone + " x WHERE x.run_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM " + d.table + " y WHERE y.run_id = ? AND y." + d.key + " = x." + d.key + ")")) {
                p.setString(1, later);
                p.setString(2, runId);
                p.setString(3, later);
                p.executeUpdate();
            }
            try (PreparedStatement p = c().prepareStatement("UPDATE run SET " + d.baseColumn + " = ? WHERE id = ?")) {
                setText(p, 1, base);
                p.setString(2, later);
                p.executeUpdate();
            }
        }
    }

    /** Whether the details of the run were pruned (its reports can no longer be written). */
    public boolean pruned(String runId) throws IOException {
        return !query("cannot read run " + runId, "SELECT id FROM run WHERE id = ? AND pruned = 1", r -> r.getString(1),
                runId).isEmpty();
    }

    private List<Run> runs(String where, Object... args) throws IOException {
        return query("cannot read the runs", "SELECT id, started, finished, corpus, settings, exit_code FROM run "
                + where + " ORDER BY started, id",
                r -> new Run(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), time(r, 3), r.getString(4),
                        r.getString(5), integer(r, 6)), args);
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException, JsonProcessingException;
    }

    private <T> List<T> query(String what, String sql, Row<T> row, Object... args) throws IOException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement p = c().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(row.read(r));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw fail(what, e);
        }
        return out;
    }

    private static Stage stage(String id) throws SQLException {
        return Stage.fromId(id).orElseThrow(() -> new SQLException("unknown stage in the database: " + id));
    }

    private static LinkStatus status(String id) throws SQLException {
        return LinkStatus.fromId(id).orElseThrow(() -> new SQLException("unknown link status in the database: " + id));
    }

    private static Optional<Integer> integer(ResultSet r, int i) throws SQLException {
        int v = r.getInt(i);
        return r.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private void putStage(String runId, RunStage s) throws SQLException {
        try (PreparedStatement p = c().prepareStatement("INSERT OR REPLACE INTO run_stage (run_id, name, state, started,"
                + " finished, count, message, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, runId);
            p.setString(2, s.name().id());
            p.setString(3, s.state().id());
            p.setLong(4, s.started().toEpochMilli());
            p.setLong(5, s.finished().toEpochMilli());
            p.setLong(6, s.count());
            p.setString(7, s.message());
            p.setString(8, s.data());
            p.executeUpdate();
        }
    }

    private void delete(String table, String runId) throws SQLException {
        try (PreparedStatement p = c().prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
            p.setString(1, runId);
            p.executeUpdate();
        }
    }

    private interface Work {
        void run() throws SQLException, IOException;
    }

    private void transaction(String what, Work work) throws IOException {
        try {
            db.transaction(c -> {
                work.run();
                return null;
            });
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    private static String json(Object o) throws IOException {
        return JSON.writeValueAsString(o);
    }

    private static void setText(PreparedStatement p, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            p.setString(i, v.get());
        } else {
            p.setNull(i, Types.VARCHAR);
        }
    }

    private static void setTime(PreparedStatement p, int i, Optional<Instant> v) throws SQLException {
        if (v.isPresent()) {
            p.setLong(i, v.get().toEpochMilli());
        } else {
            p.setNull(i, Types.INTEGER);
        }
    }

    private static Optional<Instant> time(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private Connection c() {
        return db.connection();
    }

    private IOException fail(String what, Exception e) {
        return new IOException(db.file() + ": " + what + ": " + Database.reason(e), e);
    }
}
