package org.newskeeper.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.Triage;
import org.newskeeper.history.TriageStore;
import org.newskeeper.warc.Replay;

/**
 * The local review server of {@code newskeeper serve}: bound to a loopback address only, it serves
 * the latest report ({@code /report/...} from {@code CHECKS/latest/}), takes triage decisions
 * ({@code POST /triage} with the per-process token embedded in the served pages) and replays our
 * WARC captures ({@code /replay/<14 digits>/<url>}, see {@link Replay}).
 *
 * <p>Guards: a request whose {@code Host} is not a loopback name ({@code 127.0.0.1}, {@code localhost},
 * {@code [::1]}) is refused (DNS rebinding); a POST without the token is refused; a report path is
 * resolved under the report folder with its real path checked, so {@code ..}, absolute and
 * symlinked paths cannot escape; replayed pages run sandboxed (no access to this origin).
 */
public final class ReviewServer implements AutoCloseable {
    /** The header (or form field {@code token}) carrying the per-process token. */
    public static final String TOKEN_HEADER = "X-Newskeeper-Token";
    /** The meta element of served HTML pages carrying the token. */
    public static final String TOKEN_META = "newskeeper-token";
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css",
            "js", "text/javascript", "json", "application/json", "csv", "text/csv; charset=utf-8", "md",
            "text/markdown; charset=utf-8", "xml", "application/xml", "png", "image/png", "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path reports;
    private final Replay replay;
    private final Database db;
    private final TriageStore triage;
    private final LinkHistory history;
    private final Clock clock;
    private final String token;

    private ReviewServer(HttpServer server, ExecutorService executor, Path reports, Replay replay, Database db,
            Clock clock) {
        this.server = server;
        this.executor = executor;
        this.reports = reports;
        this.replay = replay;
        this.db = db;
        this.triage = new TriageStore(db);
        this.history = new LinkHistory(db, clock);
        this.clock = clock;
        byte[] t = new byte[24];
        new SecureRandom().nextBytes(t);
        this.token = HexFormat.of().formatHex(t);
    }

    /**
     * Starts the server.
     *
     * @param bind     the address: a loopback address, anything else is refused
     * @param port     the port (0: any free one)
     * @param checks   the checks folder: {@code latest/} is served, {@code links.sqlite} holds the triage
     * @param warcs    the WARC folder replayed
     * @throws IllegalArgumentException when {@code bind} is not a loopback address or the database is absent
     */
    public static ReviewServer start(InetAddress bind, int port, Path checks, Path warcs, Clock clock) throws IOException {
        if (!bind.isLoopbackAddress()) {
            throw new org.newskeeper.config.InvalidOptionException("bind address " + bind.getHostAddress()
                    + ": the review server binds to a loopback address only (127.0.0.1 or ::1)");
        }
        Path file = checks.resolve("links.sqlite");
        if (!Files.isRegularFile(file)) {
            throw new org.newskeeper.config.InvalidOptionException(file + ": no run database (run newskeeper nightly first, or give --checks)");
        }
        Replay replay = Replay.of(warcs);
        Database db = Database.open(file);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 50);
        } catch (IOException e) {
            db.close();
            throw new IOException(bind.getHostAddress() + ":" + port + ": cannot listen: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "newskeeper-serve");
            t.setDaemon(true);
            return t;
        });
        ReviewServer s = new ReviewServer(http, executor, checks.resolve("latest"), replay, db, clock);
        http.createContext("/", s::handle);
        http.setExecutor(executor);
        http.start();
        return s;
    }

    /** The address served at, {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress() instanceof java.net.Inet6Address ? "[::1]" : a.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The per-process token a POST must carry. */
    public String token() {
        return token;
    }

    public Replay replay() {
        return replay;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!loopbackHost(x.getRequestHeaders().getFirst("Host"))) {
                send(x, 403, "text/plain; charset=utf-8", "Host not allowed: this server answers only for 127.0.0.1, localhost and [::1]\n");
                return;
            }
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getRawPath();
            if (method.equals("POST") && path.equals("/triage")) {
                triage(x);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD, POST");
                send(x, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            if (path.equals("/")) {
                x.getResponseHeaders().set("Location", "/report/report.html");
                send(x, 302, "text/plain; charset=utf-8", "");
                return;
            }
            if (path.startsWith("/report/")) {
                report(x, path.substring("/report/".length()));
                return;
            }
            if (path.startsWith(Replay.PREFIX)) {
                replay(x);
                return;
            }
            if (path.equals("/favicon.ico")) {
                // every browser asks each origin for an icon; there is none, and a 404 would be a console error
                send(x, 204, "text/plain; charset=utf-8", "");
                return;
            }
            send(x, 404, "text/plain; charset=utf-8", "not found\n");
        } catch (RuntimeException e) {
            send(x, 500, "text/plain; charset=utf-8", "internal error\n");
        }
    }

    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return LOOPBACK_NAMES.contains(h);
    }

    /** A file of the latest report; nothing outside {@code CHECKS/latest/} (real paths compared). */
    private void report(HttpExchange x, String rawRelative) throws IOException {
        String rel = URLDecoder.decode(rawRelative.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (rel.isEmpty()) {
            rel = "report.html";
        }
        if (rel.startsWith("/") || rel.startsWith("\\") || rel.contains("\\") || rel.contains("\0") || rel.contains(":")) {
            send(x, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        for (String segment : rel.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                send(x, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
        }
        if (!Files.isDirectory(reports)) {
            send(x, 404, "text/plain; charset=utf-8", "no report yet: run newskeeper nightly\n");
            return;
        }
        Path root = reports.toRealPath();
        Path file = root.resolve(rel).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !file.toRealPath().startsWith(root)) {
            send(x, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        String type = TYPES.getOrDefault(ext, "application/octet-stream");
        byte[] body = Files.readAllBytes(file);
        if (ext.equals("html")) {
            body = withToken(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(x, 200, type, body);
    }

    /** The page with the token in a {@code <meta name="newskeeper-token">} at the top of its head. */
    String withToken(String html) {
        String meta = "<meta name=\"" + TOKEN_META + "\" content=\"" + token + "\">";
        int head = html.toLowerCase(Locale.ROOT).indexOf("<head");
        if (head >= 0) {
            int end = html.indexOf('>', head);
            if (end > 0) {
                return html.substring(0, end + 1) + meta + html.substring(end + 1);
            }
        }
        return meta + html;
    }

    private void replay(HttpExchange x) throws IOException {
        String raw = x.getRequestURI().getRawPath().substring(Replay.PREFIX.length());
        String query = x.getRequestURI().getRawQuery();
        String target = raw + (query == null ? "" : "?" + query);
        Optional<Replay.Replayed> r = replay.replay(target);
        if (r.isEmpty()) {
            send(x, 404, "text/plain; charset=utf-8", "not in our archives: " + target + "\n");
            return;
        }
        Replay.Replayed p = r.get();
        x.getResponseHeaders().set("Memento-Datetime",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(p.date().atOffset(java.time.ZoneOffset.UTC)));
        x.getResponseHeaders().set("Link", "<" + p.uri() + ">; rel=\"original\"");
        // the archived page runs in an opaque origin: it cannot read the report or its token, nor reach the live web
        x.getResponseHeaders().set("Content-Security-Policy", "sandbox allow-scripts allow-popups allow-forms;"
                + " default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(x, p.status(), p.contentType(), p.body());
    }

    /** Synchronized: the only use of the database connection, one request at a time. */
    private synchronized void triage(HttpExchange x) throws IOException {
        byte[] in;
        try (InputStream s = x.getRequestBody()) {
            in = s.readNBytes(64 * 1024);
        }
        Map<String, String> form = form(new String(in, StandardCharsets.UTF_8));
        String given = Optional.ofNullable(x.getRequestHeaders().getFirst(TOKEN_HEADER)).orElse(form.get("token"));
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            json(x, 403, error("missing or wrong token"));
            return;
        }
        String url = form.get("url");
        String as = form.get("as");
        if (url == null || url.isBlank()) {
            json(x, 400, error("url is required"));
            return;
        }
        if (history.latest(url).isEmpty()) {
            json(x, 400, error(url + ": unknown URL (not in the link history)"));
            return;
        }
        if ("clear".equals(as)) {
            boolean was = triage.clear(url);
            ObjectNode o = JSON.createObjectNode().put("url", url).put("cleared", was);
            json(x, 200, o);
            return;
        }
        Optional<Triage.Decision> d = Triage.Decision.of(as == null ? "" : as);
        if (d.isEmpty()) {
            json(x, 400, error("as: expected " + Triage.Decision.ids() + " or clear"));
            return;
        }
        Optional<String> replacement = Optional.ofNullable(form.get("replacement")).filter(s -> !s.isBlank());
        if (d.get() == Triage.Decision.REPLACED && (replacement.isEmpty() || !httpUrl(replacement.get()))) {
            json(x, 400, error("replaced needs a valid http(s) replacement"));
            return;
        }
        Triage t = triage.put(new Triage(url, d.get(), d.get() == Triage.Decision.REPLACED ? replacement : Optional.empty(),
                Optional.ofNullable(form.get("note")).filter(s -> !s.isBlank()),
                System.getProperty("user.name", "unknown"), clock.instant()));
        ObjectNode o = JSON.createObjectNode().put("url", t.url()).put("decision", t.decision().id())
                .put("by", t.by()).put("at", t.at().toString());
        t.replacement().ifPresent(r -> o.put("replacement", r));
        t.note().ifPresent(n -> o.put("note", n));
        json(x, 200, o);
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = new URI(s);
            return u.getScheme() != null && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    && u.getHost() != null && !u.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void json(HttpExchange x, int code, ObjectNode o) throws IOException {
        send(x, code, "application/json", o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        send(x, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int code, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving (requests under way get a second to end) and closes the database. */
    @Override
    public void close() throws IOException {
        server.stop(1);
        executor.shutdownNow();
        synchronized (this) {
            db.close();
        }
    }
}
