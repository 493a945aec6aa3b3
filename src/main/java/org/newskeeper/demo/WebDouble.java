package org.newskeeper.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.nodes.Entities;
import org.newskeeper.check.HostMap;

/**
 * A web server on a loopback ephemeral port that stands in for the news sites a corpus cites. It
 * routes by the {@code Host} header, so the checker reaches it through a {@link HostMap} while URLs
 * keep their real hosts, and it answers with the faults real sites show: 404, 410, a redirect to the
 * home page, a permanent move, 429 with {@code Retry-After}, 503, a slow answer and a bot wall.
 *
 * <p>Routes can be changed while the server runs (a link that dies between two nightly runs). A URL
 * with no route gets a 404 page; every host with a route also serves a home page at {@code /}.
 *
 * <p>It can also stand in for a public web archive: {@link #timeGate(String)} makes one host answer
 * as a Memento TimeGate (RFC 7089) the way the Wayback Machine does, for the {@link #memento mementos}
 * it is given, so that archive lookups are shown without asking any public archive.
 */
public final class WebDouble implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<Instant>> mementos = new ConcurrentHashMap<>();
    private volatile String timeGateHost;

    /** 14-digit Wayback timestamps of memento URLs. */
    public static final DateTimeFormatter DIGITS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** The path under which the TimeGate answers: {@code /web/<url>}, mementos at {@code /web/<14 digits>/<url>}. */
    public static final String TIMEGATE_PATH = "/web/";
    /** The JDK HTTP server's switch for {@code TCP_NODELAY} on its connections. */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes an answer's headers and body in two writes; with Nagle's algorithm on,
        // the body waits for the client's delayed ACK, about 40 ms on Linux loopback, so every answer
        // took 40 ms more than the double's work (100 TimeGate lookups one after the other: 4.5 s, and
        // 0.17 s without Nagle), and the checker's and the captures' times measured the double. The
        // server reads this once, when its first instance starts; an explicit setting is kept.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private WebDouble(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts an empty double on {@code 127.0.0.1} and an ephemeral port. */
    public static WebDouble start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "web-double-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        WebDouble d = new WebDouble(server, executor);
        server.createContext("/", d::handle);
        server.setExecutor(executor);
        server.start();
        return d;
    }

    /**
     * Serves {@code route} at {@code url} (absolute http or https URL), replacing any earlier route: a
     * fixed {@link Response}, or a {@link Page} built when asked for, so that one page can stand behind
     * many URLs (a corpus of 64,000 articles cites about 190,000) without a copy of its HTML each.
     */
    public WebDouble serve(String url, Route route) {
        Objects.requireNonNull(route, "route");
        String key = key(url);
        hosts.add(key.substring(0, key.indexOf('/')));
        routes.put(key, route);
        return this;
    }

    /** Serves an HTML page with {@code title} at {@code url}. */
    public WebDouble page(String url, String title) {
        return serve(url, new Page(title, List.of()));
    }

    /** Serves a small image at {@code url}: PNG when the URL names a {@code .png}, else JPEG. */
    public WebDouble image(String url) {
        return serve(url, url.toLowerCase(Locale.ROOT).contains(".png") ? Response.png() : Response.jpeg());
    }

    /** Sends connections for {@code host} here too, though nothing is served there but 404s. */
    public WebDouble mapHost(String host) {
        hosts.add(host.toLowerCase(Locale.ROOT));
        return this;
    }

    /**
     * Makes {@code host} answer as a Memento TimeGate, as the Wayback Machine does: {@code GET /web/<url>}
     * with {@code Accept-Datetime} (else now) is redirected (302, {@code Vary: accept-datetime}) to
     * {@code /web/<14 digits>/<url>}, the memento of {@code url} closest to that datetime, which answers
     * 200 with its {@code Memento-Datetime}; a URL with no memento gets 404. Returns the TimeGate prefix
     * to which a cited URL is appended ({@code http://<host>/web/}).
     */
    public String timeGate(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        hosts.add(h);
        timeGateHost = h;
        return "http://" + h + TIMEGATE_PATH;
    }

    /** Gives the TimeGate a memento of {@code url} captured at {@code datetime} (whole seconds). */
    public WebDouble memento(String url, Instant datetime) {
        mementos.computeIfAbsent(key(url), k -> new ConcurrentSkipListSet<>())
                .add(datetime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return this;
    }

    /** The route for {@code url}, if any. */
    public java.util.Optional<Response> route(String url) {
        return java.util.Optional.ofNullable(routes.get(key(url))).map(Route::response);
    }

    /** The loopback address the double listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Every host the double answers for, sorted. */
    public Set<String> hosts() {
        return Collections.unmodifiableSet(new TreeSet<>(hosts));
    }

    /** A host map that sends every host of the double to its address. */
    public HostMap hostMap() {
        return HostMap.all(hosts(), address());
    }

    /** How many requests reached {@code url} (any method). */
    public int requests(String url) {
        AtomicInteger c = counts.get(key(url));
        return c == null ? 0 : c.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String host = uri.getHost() != null ? uri.getHost() : exchange.getRequestHeaders().getFirst("Host");
            host = host == null ? "" : stripPort(host).toLowerCase(Locale.ROOT);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String key = host + normalise(target);
            String method = exchange.getRequestMethod();
            counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String tg = timeGateHost;
            Response r = tg != null && tg.equals(host) && target.startsWith(TIMEGATE_PATH)
                    ? timeGateAnswer(target.substring(TIMEGATE_PATH.length()),
                            exchange.getRequestHeaders().getFirst("Accept-Datetime"))
                    : response(routes.get(key));
            if (r == null) {
                r = target.equals("/") && hosts.contains(host) ? Response.page(host) : Response.notFound();
            }
            if (!r.delay().isZero()) {
                try {
                    Thread.sleep(r.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Headers h = exchange.getResponseHeaders();
            r.headers().forEach(h::set);
            boolean head = method.equalsIgnoreCase("HEAD");
            byte[] body = r.body();
            if (head) {
                h.set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(r.code(), -1);
            } else {
                exchange.sendResponseHeaders(r.code(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Response response(Route route) {
        return route == null ? null : route.response();
    }

    /** What a route answers: a fixed {@link Response}, or a {@link Page} built when asked for. */
    public sealed interface Route permits Response, Page {
        /** The answer. */
        Response response();
    }

    /**
     * An HTML page built when it is requested: {@link Response#page(String, List)}.
     *
     * @param title  the page's title
     * @param images absolute URLs of the images it shows
     */
    public record Page(String title, List<String> images) implements Route {
        public Page {
            Objects.requireNonNull(title, "title");
            images = List.copyOf(images);
        }

        @Override
        public Response response() {
            return Response.page(title, images);
        }
    }

    /** The TimeGate's answer for {@code rest}, the request target after {@code /web/}. */
    private Response timeGateAnswer(String rest, String acceptDatetime) {
        Optional<Instant> at = Optional.empty();
        if (rest.length() > 15 && rest.substring(0, 14).chars().allMatch(c -> c >= '0' && c <= '9')
                && rest.charAt(14) == '/') {
            at = Optional.of(ZonedDateTime.parse(rest.substring(0, 14), DIGITS).toInstant());
            rest = rest.substring(15);
        }
        NavigableSet<Instant> held;
        try {
            held = mementos.get(key(rest));
        } catch (IllegalArgumentException e) {
            held = null;
        }
        if (held == null || held.isEmpty()) {
            return Response.notFound();
        }
        if (at.isPresent()) {
            if (!held.contains(at.get())) {
                return Response.notFound();
            }
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.get().atOffset(ZoneOffset.UTC));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "text/html; charset=utf-8");
            h.put("Memento-Datetime", date);
            h.put("Link", "<" + rest + ">; rel=\"original\"");
            String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Archived copy</title></head><body>"
                    + "<p>" + Entities.escape(rest) + ", as archived on " + date + "</p></body></html>\n";
            return new Response(200, h, html.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }
        Instant when = Instant.now();
        if (acceptDatetime != null) {
            try {
                when = ZonedDateTime.parse(acceptDatetime, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return new Response(400, Map.of("Content-Type", "text/plain"),
                        "bad Accept-Datetime\n".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
            }
        }
        Instant asked = when;
        Instant closest = held.stream()
                .min(Comparator.comparing((Instant i) -> Duration.between(i, asked).abs())).orElseThrow();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Location", TIMEGATE_PATH + DIGITS.format(closest) + "/" + rest);
        h.put("Vary", "accept-datetime");
        h.put("Link", "<" + rest + ">; rel=\"original\"");
        h.put("Content-Type", "text/html; charset=utf-8");
        return new Response(302, h, new byte[0], Duration.ZERO);
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** {@code host/path?query} with percent-encoding undone, so that any two spellings of a URL meet. */
    static String key(String url) {
        String rest = url;
        int scheme = rest.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("not an absolute URL: " + url);
        }
        rest = rest.substring(scheme + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int slash = indexOfAny(rest, "/?");
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String target = slash < 0 ? "/" : rest.substring(slash);
        if (target.startsWith("?")) {
            target = "/" + target;
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        return stripPort(authority).toLowerCase(Locale.ROOT) + normalise(target);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String normalise(String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        return Character.digit(c, 16);
    }

    /**
     * What the double answers at one URL.
     *
     * @param code    the status code
     * @param headers response headers, in order
     * @param body    the entity body (not sent for HEAD)
     * @param delay   how long to wait before answering
     */
    public record Response(int code, Map<String, String> headers, byte[] body, Duration delay) implements Route {
        private static final Response PNG = new Response(200, Map.of("Content-Type", "image/png"), Images.png(), Duration.ZERO);
        private static final Response JPEG = new Response(200, Map.of("Content-Type", "image/jpeg"), Images.jpeg(), Duration.ZERO);

        public Response {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public Response response() {
            return this;
        }

        /** A 200 HTML page titled {@code title}. */
        public static Response page(String title) {
            return page(title, List.of());
        }

        /** A 200 HTML article page titled {@code title} showing {@code images} (absolute URLs), as a news page shows its pictures. */
        public static Response page(String title, List<String> images) {
            String t = Entities.escape(title);
            StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                    .append(t).append("</title></head><body><article><h1>").append(t).append("</h1>");
            for (String src : images) {
                html.append("<figure><img src=\"").append(attribute(src)).append("\" alt=\"\"></figure>");
            }
            html.append("<p>").append(t).append("</p></article></body></html>\n");
            return html(200, html.toString());
        }

        private static String attribute(String value) {
            return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
        }

        /** A 200 PNG image. */
        public static Response png() {
            return PNG;
        }

        /** A 200 JPEG image. */
        public static Response jpeg() {
            return JPEG;
        }

        /** 404 with a "page not found" page. */
        public static Response notFound() {
            return html(404, "<!DOCTYPE html>\n<html><head><title>Page not found</title></head><body><h1>404</h1>"
                    + "<p>The page you asked for does not exist.</p></body></html>\n");
        }

        /** 410: the page was removed on purpose. */
        public static Response gone() {
            return html(410, "<!DOCTYPE html>\n<html><head><title>Gone</title></head><body><h1>410 Gone</h1></body></html>\n");
        }

        /** A redirect ({@code 301}, {@code 302}, {@code 307}, {@code 308}) to {@code location}. */
        public static Response redirect(int code, String location) {
            return new Response(code, Map.of("Location", location, "Content-Type", "text/html; charset=utf-8"),
                    new byte[0], Duration.ZERO);
        }

        /** 429 with {@code Retry-After: seconds}, every time. */
        public static Response tooManyRequests(int seconds) {
            Response r = html(429, "<!DOCTYPE html>\n<html><body><h1>Too Many Requests</h1></body></html>\n");
            Map<String, String> h = new LinkedHashMap<>(r.headers());
            h.put("Retry-After", Integer.toString(seconds));
            return new Response(429, h, r.body(), Duration.ZERO);
        }

        /** 503, as an overloaded origin answers. */
        public static Response serviceUnavailable() {
            return html(503, "<!DOCTYPE html>\n<html><body><h1>Service Unavailable</h1></body></html>\n");
        }

        /** A Cloudflare-style bot wall: 403 with {@code cf-mitigated: challenge}. */
        public static Response botWall() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "text/html; charset=UTF-8");
            h.put("Server", "cloudflare");
            h.put("cf-mitigated", "challenge");
            byte[] body = ("<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>"
                    + "<body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8);
            return new Response(403, h, body, Duration.ZERO);
        }

        /** This answer, after {@code delay}. */
        public Response slow(Duration delay) {
            return new Response(code, headers, body, delay);
        }

        private static Response html(int code, String html) {
            return new Response(code, Map.of("Content-Type", "text/html; charset=utf-8"),
                    html.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }
    }
}
