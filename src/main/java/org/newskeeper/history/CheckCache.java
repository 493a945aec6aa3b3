package org.newskeeper.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.Dialect;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.ResultCache;
import org.newskeeper.rules.Severity;

/**
 * The results of the check of each article of a corpus, in the shared database (table
 * {@code check_results}, one row per corpus and path, replaced when the file is checked again), so
 * the nightly's check reuses them for files whose bytes did not change. What is unchanged and
 * under which rules is the {@link org.newskeeper.rules.Validator}'s decision; this only stores.
 */
public final class CheckCache implements ResultCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final String corpus;
    private final List<Entry> pending = new ArrayList<>();
    /** The statement of {@link #find}, prepared at its first use; closed with the connection. */
    private PreparedStatement findStatement;

    /** The results of the corpus {@code corpus} (its absolute path) in {@code db}; creates the table when absent. */
    public CheckCache(Database db, String corpus) throws IOException {
        this.db = Objects.requireNonNull(db, "db");
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        try (Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS check_results (corpus TEXT NOT NULL, path TEXT NOT NULL,"
                    + " fingerprint TEXT NOT NULL, file_size INTEGER NOT NULL, file_mtime INTEGER NOT NULL,"
                    + " digest TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (corpus, path))");
        } catch (SQLException e) {
            throw fail("cannot create check_results", e);
        }
    }

    @Override
    public Optional<Entry> find(String path) throws IOException {
        String fingerprint;
        Stamp stamp;
        String digest;
        String result;
        synchronized (db.connection()) {
            try {
                // one statement for the whole pass: preparing it for each of 64,000 files was a good
                // share of a look-up's time
                if (findStatement == null || findStatement.isClosed()) {
                    findStatement = db.connection().prepareStatement("SELECT fingerprint, file_size, file_mtime,"
                            + " digest, result FROM check_results WHERE corpus = ? AND path = ?");
                }
                findStatement.setString(1, corpus);
                findStatement.setString(2, path);
                try (ResultSet rs = findStatement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    fingerprint = rs.getString(1);
                    stamp = new Stamp(rs.getLong(2), rs.getLong(3));
                    digest = rs.getString(4);
                    result = rs.getString(5);
                }
            } catch (SQLException e) {
                throw fail("cannot read check_results", e);
            }
        }
        try {
            // decoded outside the lock: the validator's threads read their rows one at a time but
            // decode them side by side
            return Optional.of(decode(path, fingerprint, stamp, digest, result));
        } catch (RuntimeException e) {
            return Optional.empty(); // a row this version cannot read is a miss: the file is checked again
        }
    }

    /** How many rows {@link InPathOrder} reads a query. */
    private static final int PAGE = 1000;

    /**
     * The stored articles for files asked for in path order (as {@code Corpus.files} lists them):
     * what the links stage reads instead of parsing files again. The rows are read in one pass over
     * the table's key, {@value #PAGE} a query, instead of one query a file.
     */
    public InPathOrder inPathOrder() {
        return new InPathOrder();
    }

    /** A pass over the stored results of the corpus, in path order. */
    public final class InPathOrder {
        private record Row(String path, Stamp stamp, byte[] json) {
        }

        private final ArrayDeque<Row> rows = new ArrayDeque<>();
        private String after = "";
        private boolean end;

        private InPathOrder() {
        }

        /**
         * The stored article of {@code path}, when its row was written by this newskeeper version for
         * the file as it is now ({@code stamp}: size and modification time). Empty otherwise (the file
         * is parsed), and for a path asked for before one that sorts after it.
         */
        public Optional<Article> article(String path, Stamp stamp) throws IOException {
            while (true) {
                Row r = rows.peekFirst();
                if (r == null) {
                    if (end) {
                        return Optional.empty();
                    }
                    page();
                    continue;
                }
                int c = r.path().compareTo(path);
                if (c > 0) {
                    return Optional.empty();
                }
                rows.pollFirst();
                if (c == 0) {
                    return r.stamp().equals(stamp) ? stored(path, r.json()) : Optional.empty();
                }
            }
        }

        private void page() throws IOException {
            synchronized (db.connection()) {
                try (PreparedStatement ps = db.connection().prepareStatement("SELECT path, file_size, file_mtime, result"
                        + " FROM check_results WHERE corpus = ? AND path > ? ORDER BY path LIMIT " + PAGE)) {
                    ps.setString(1, corpus);
                    ps.setString(2, after);
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            after = rs.getString(1);
                            // the stored JSON as SQLite keeps it (UTF-8), parsed as bytes: as a String it was
                            // decoded to UTF-16 (most articles have CJK text) and copied twice, a third of
                            // what the links stage's start allocated at 64,000 articles
                            rows.add(new Row(after, new Stamp(rs.getLong(2), rs.getLong(3)), rs.getBytes(4)));
                            n++;
                        }
                    }
                    end = n < PAGE;
                } catch (SQLException e) {
                    throw fail("cannot read check_results", e);
                }
            }
        }
    }

    private static Optional<Article> stored(String path, byte[] json) {
        // streamed, taking only the article's fields (the findings are skipped, no tree is built):
        // the links stage reads 64,000 of these before its first request
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String version = null;
            String dialect = null;
            Optional<String> timestamp = Optional.empty();
            Optional<String> title = Optional.empty();
            Optional<String> source = Optional.empty();
            Optional<String> published = Optional.empty();
            List<Link> links = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "version" -> version = p.getValueAsString();
                    case "dialect" -> dialect = p.getValueAsString();
                    case "timestamp" -> timestamp = text(p, t);
                    case "title" -> title = text(p, t);
                    case "source" -> source = text(p, t);
                    case "published" -> published = text(p, t);
                    case "links" -> {
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                links.add(link(p));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!org.newskeeper.Version.version().equals(version)) {
                return Optional.empty(); // parsed by another version: parsed again
            }
            return Optional.of(new Article(path, Path.of(path), Dialect.valueOf(dialect), timestamp.map(Instant::parse),
                    title, source, published.map(Instant::parse), links));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a row this version cannot read is a miss
        }
    }

    /** One link object of a stored article, the parser on its start; as {@link #article} reads it from a tree. */
    private static Link link(JsonParser p) throws IOException {
        String url = null;
        String role = null;
        String decoded = null;
        Optional<String> target = Optional.empty();
        int line = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "url" -> url = p.getValueAsString();
                case "role" -> role = p.getValueAsString();
                case "decoded" -> decoded = p.getValueAsString();
                case "target" -> target = text(p, t);
                case "line" -> line = p.getValueAsInt();
                default -> p.skipChildren();
            }
        }
        String u = url == null ? "" : url;
        return new Link(u, Role.valueOf(role), decoded != null ? decoded : u, target, line);
    }

    private static Optional<String> text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return Optional.empty();
        }
        return t == JsonToken.VALUE_NULL ? Optional.empty() : Optional.ofNullable(p.getValueAsString());
    }

    @Override
    public synchronized void put(Entry entry) {
        pending.add(entry);
    }

    @Override
    public void restamp(Map<String, Stamp> stamps) throws IOException {
        if (stamps.isEmpty()) {
            return;
        }
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE check_results SET file_size = ?, file_mtime = ? WHERE corpus = ? AND path = ?")) {
                    for (Map.Entry<String, Stamp> e : stamps.entrySet()) {
                        ps.setLong(1, e.getValue().size());
                        ps.setLong(2, e.getValue().mtimeMillis());
                        ps.setString(3, corpus);
                        ps.setString(4, e.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw fail("cannot write check_results", e);
        }
    }

    @Override
    public void flush() throws IOException {
        List<Entry> batch;
        synchronized (this) {
            batch = List.copyOf(pending);
            pending.clear();
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO check_results"
                        + " (corpus, path, fingerprint, file_size, file_mtime, digest, result) VALUES (?,?,?,?,?,?,?)")) {
                    for (Entry e : batch) {
                        ps.setString(1, corpus);
                        ps.setString(2, e.path());
                        ps.setString(3, e.fingerprint());
                        ps.setLong(4, e.stamp().size());
                        ps.setLong(5, e.stamp().mtimeMillis());
                        ps.setString(6, e.digest());
                        ps.setString(7, encode(e));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw fail("cannot write check_results", e);
        }
    }

    static String encode(Entry e) {
        Article a = e.article();
        ObjectNode o = JSON.createObjectNode();
        o.put("version", org.newskeeper.Version.version());
        o.put("dialect", a.dialect().name());
        a.timestamp().ifPresent(t -> o.put("timestamp", t.toString()));
        a.title().ifPresent(t -> o.put("title", t));
        a.source().ifPresent(t -> o.put("source", t));
        a.published().ifPresent(t -> o.put("published", t.toString()));
        ArrayNode links = o.putArray("links");
        for (Link l : a.links()) {
            ObjectNode n = links.addObject().put("url", l.url()).put("role", l.role().name()).put("line", l.line());
            if (!l.decoded().equals(l.url())) {
                n.put("decoded", l.decoded());
            }
            l.target().ifPresent(t -> n.put("target", t));
        }
        ArrayNode findings = o.putArray("findings");
        for (Finding f : e.findings()) {
            findings.addObject().put("rule", f.rule()).put("severity", f.severity().name()).put("line", f.line())
                    .put("message", f.message());
        }
        e.source().ifPresent(s -> o.putObject("sourceKey").put("key", s.key()).put("line", s.line()));
        return o.toString();
    }

    static Entry decode(String path, String fingerprint, Stamp stamp, String digest, String json) throws IOException {
        JsonNode o = JSON.readTree(json);
        List<Finding> findings = new ArrayList<>();
        for (JsonNode n : o.path("findings")) {
            findings.add(new Finding(n.path("rule").asText(), Severity.valueOf(n.path("severity").asText()), path,
                    n.path("line").asInt(), n.path("message").asText()));
        }
        Article article = article(path, o);
        Optional<SourceKey> key = o.has("sourceKey")
                ? Optional.of(new SourceKey(o.path("sourceKey").path("key").asText(), o.path("sourceKey").path("line").asInt()))
                : Optional.empty();
        return new Entry(path, fingerprint, stamp, digest, article, findings, key);
    }

    private static Article article(String path, JsonNode o) {
        List<Link> links = new ArrayList<>();
        for (JsonNode n : o.path("links")) {
            String url = n.path("url").asText();
            links.add(new Link(url, Role.valueOf(n.path("role").asText()), n.path("decoded").asText(url),
                    text(n, "target"), n.path("line").asInt()));
        }
        return new Article(path, Path.of(path), Dialect.valueOf(o.path("dialect").asText()),
                text(o, "timestamp").map(Instant::parse), text(o, "title"), text(o, "source"),
                text(o, "published").map(Instant::parse), links);
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    private IOException fail(String what, SQLException e) {
        return new IOException(db.file() + ": " + what + ": " + Database.reason(e), e);
    }
}
