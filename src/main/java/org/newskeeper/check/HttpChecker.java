package org.newskeeper.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.UrlKey;

/**
 * Checks one URL at a time (thread-safe, called from many threads) through one OkHttp pipeline:
 * <pre>
 *   (headers set on each request) redirects (by hand) -> retries -> HEAD/GET -> address guard -> politeness -> host map
 *     -> OkHttp (resolver refusing private addresses, connection) -> connection guard -> network
 * </pre> Then looks for soft 404s: a redirect to the home
 * page, or an answer that looks like the answer to a random URL of the same host (probed once per
 * host).
 */
final class HttpChecker implements AutoCloseable {
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern HOME = Pattern.compile("/((index|default|home)(\\.[a-z]+)?)?", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LinkCheckOptions options;
    private final OkHttpClient client;
    private final Headers headers;
    private final ConcurrentHashMap<String, CompletableFuture<Probe>> probes = new ConcurrentHashMap<>();

    /** The answer a host gives to a URL that cannot exist. */
    private record Probe(HttpUrl url, CheckResult result, byte[] body) {
    }

    HttpChecker(LinkCheckOptions options) {
        this(options, Dns.SYSTEM);
    }

    /** With another resolver under the address policy (tests simulate DNS with it). */
    HttpChecker(LinkCheckOptions options, Dns resolver) {
        this.options = options;
        // Built once, given to every request (redirect hops and the GET after a HEAD keep them).
        this.headers = new Headers.Builder()
                .add("User-Agent", options.userAgent())
                .add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                // Set by us so OkHttp neither asks for gzip nor inflates behind our back:
                // the body cap counts the bytes the server sent.
                .add("Accept-Encoding", "identity")
                .build();
        HostGate gate = new HostGate(options.perHost(), options.perHostInterval());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .cookieJar(new SessionCookieJar())
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .callTimeout(options.urlTimeout())
                .connectionPool(LazyCleanupPool.create(Math.max(5, options.concurrency()), 30))
                .addInterceptor(new RedirectInterceptor(options.maxRedirects()))
                .addInterceptor(new RetryInterceptor(options.maxRetries(), options.retryBase(), options.retryAfterCap(),
                        gate, options.clock()))
                .addInterceptor(new HeadFallbackInterceptor(options.bodyCap(), options.requestTimeout()))
                .addInterceptor(new AddressGuardInterceptor(options.addressPolicy(), options.hostMap()))
                .addInterceptor(gate)
                .addInterceptor(new HostMapInterceptor(options.hostMap()))
                .addNetworkInterceptor(new ConnectionGuardInterceptor(options.addressPolicy(), options.proxy().isPresent()));
        // Names the operator gave are resolved without the policy: the proxy, the host map's targets.
        Set<String> trusted = new HashSet<>();
        for (InetSocketAddress a : options.hostMap().hosts().values()) {
            trusted.add((a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress()).toLowerCase(Locale.ROOT));
        }
        if (options.proxy().isPresent()) {
            String host = options.proxy().get().getHost().toLowerCase(Locale.ROOT);
            b.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, options.proxy().get().getPort())));
            trusted.add(host);
        } else {
            b.proxy(Proxy.NO_PROXY); // never a system-wide proxy the user did not give
        }
        b.dns(new PolicyDns(resolver, options.addressPolicy(), Set.copyOf(trusted)));
        this.client = b.build();
    }

    /** Checks {@code url}, soft-404 detection included. */
    CheckResult check(HttpUrl url) {
        return check(url, false);
    }

    /**
     * Checks {@code url}, soft-404 detection included; with {@code failedBefore} (its last
     * observation was a failure), a HEAD "not found" is always repeated by a GET.
     */
    CheckResult check(HttpUrl url, boolean failedBefore) {
        // On a host already known to answer 200 to anything, GET at once: the page is compared anyway.
        CompletableFuture<Probe> known = probes.get(probeKey(url));
        Probe early = known == null ? null : known.getNow(null);
        boolean answersAnything = options.softNotFoundProbe() && early != null && answersAnything(early);
        Fetched first = fetch(url, answersAnything, failedBefore);
        CheckResult r = first.result();
        if (!r.status().isAlive()) {
            return r;
        }
        if (!r.redirects().isEmpty() && isHome(r.finalUrl().orElse("")) && !isHome(url.toString())) {
            return r.withStatus(LinkStatus.SOFT_404, "redirects to the site's home page " + r.finalUrl().orElse(""));
        }
        if (!r.redirects().isEmpty() && isSectionOf(r.finalUrl().orElse(""), url)) {
            return r.withStatus(LinkStatus.SOFT_404, "redirects to the section page " + r.finalUrl().orElse(""));
        }
        if (!options.softNotFoundProbe()) {
            return r;
        }
        Probe probe = probe(url);
        if (!probe.result().status().isAlive()) {
            return r; // the host answers honestly for pages that do not exist
        }
        if (!probe.result().redirects().isEmpty()) {
            if (!r.redirects().isEmpty() && probe.result().finalUrl().equals(r.finalUrl())) {
                return r.withStatus(LinkStatus.SOFT_404,
                        "lands where a URL that cannot exist lands: " + r.finalUrl().orElse(""));
            }
            return r;
        }
        // The host answers 200 to anything: compare the pages.
        Fetched page = first.result().method().equals("GET") ? first : fetch(url, true);
        if (!page.result().status().isAlive()) {
            return page.result();
        }
        if (looksAlike(page.body(), url, probe.body(), probe.url())) {
            String title = title(page.body()).map(t -> " ('" + t + "')").orElse("");
            return page.result().withStatus(LinkStatus.SOFT_404,
                    "answers like a URL that cannot exist on " + url.host() + title);
        }
        return page.result();
    }

    private static boolean answersAnything(Probe p) {
        return p.result().status().isAlive() && p.result().redirects().isEmpty();
    }

    private static String probeKey(HttpUrl url) {
        return url.scheme() + "://" + url.host() + ":" + url.port();
    }

    private record Fetched(CheckResult result, byte[] body) {
    }

    private Fetched fetch(HttpUrl url, boolean wantBody) {
        return fetch(url, wantBody, false);
    }

    private Fetched fetch(HttpUrl url, boolean wantBody, boolean confirm) {
        Trace trace = new Trace(options.urlTimeout().toNanos(), wantBody, confirm);
        trace.currentUrl = url;
        Request request = new Request.Builder().url(url).headers(headers).tag(Trace.class, trace).build();
        try (Response response = client.newCall(request).execute()) {
            boolean redirected = !trace.hops.isEmpty();
            LinkStatus status = Failures.status(response.code(), response.headers(), redirected);
            Optional<String> error = status.isAlive() ? Optional.empty()
                    : Optional.of(Failures.describe(response.code(), response.headers())
                            + trace.note.map(n -> "; " + n).orElse("")
                            + (trace.retries > 0 ? "; after " + trace.retries + " retries" : ""));
            return new Fetched(new CheckResult(status, Optional.of(response.code()),
                    Optional.of(UrlKey.key(trace.currentUrl)), trace.hops, error, trace.retries, trace.lastMethod, false,
                    trace.headOnly),
                    trace.body);
        } catch (IOException e) {
            String error = Failures.describe(e) + (trace.retries > 0 ? "; after " + trace.retries + " retries" : "");
            return new Fetched(new CheckResult(Failures.status(e), Optional.empty(),
                    Optional.of(UrlKey.key(trace.currentUrl)), trace.hops, Optional.of(error), trace.retries,
                    trace.lastMethod, trace.hops.isEmpty() && Failures.isConnectionLevel(e)), new byte[0]);
        } catch (IllegalArgumentException e) {
            // A URL (or a redirect's) that the HTTP client will not send: a finding, not a crash of the run.
            return new Fetched(new CheckResult(LinkStatus.INVALID, Optional.empty(),
                    Optional.of(UrlKey.key(trace.currentUrl)), trace.hops,
                    Optional.of("cannot be requested: " + e.getMessage()), trace.retries, trace.lastMethod), new byte[0]);
        }
    }

    private static HttpUrl probeUrlOf(HttpUrl url) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return new HttpUrl.Builder().scheme(url.scheme()).host(url.host()).port(url.port())
                .addPathSegment("newskeeper-probe-" + HexFormat.of().formatHex(b)).build();
    }

    private Probe probe(HttpUrl url) {
        String key = probeKey(url);
        CompletableFuture<Probe> mine = new CompletableFuture<>();
        CompletableFuture<Probe> theirs = probes.putIfAbsent(key, mine);
        if (theirs != null) {
            return theirs.join();
        }
        try {
            HttpUrl probeUrl = probeUrlOf(url);
            Fetched f = fetch(probeUrl, true);
            mine.complete(new Probe(probeUrl, f.result(), f.body()));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    /** A home page: the root, or {@code /index.html} and the like. */
    static boolean isHome(String url) {
        HttpUrl u = HttpUrl.parse(url);
        return u != null && HOME.matcher(u.encodedPath()).matches() && u.encodedQuery() == null;
    }

    /**
     * Whether {@code landing} is the section page above {@code page} on the same site: one path
     * segment, no query, a prefix of the page's path ({@code /cn/国际/20230726-x -> /cn/}).
     */
    static boolean isSectionOf(String landing, HttpUrl page) {
        HttpUrl u = HttpUrl.parse(landing);
        if (u == null || u.encodedQuery() != null || !sameSite(u.host(), page.host())) {
            return false;
        }
        List<String> section = u.pathSegments().stream().filter(x -> !x.isEmpty()).toList();
        List<String> path = page.pathSegments().stream().filter(x -> !x.isEmpty()).toList();
        return section.size() == 1 && path.size() >= 2 && path.get(0).equals(section.get(0));
    }

    private static boolean sameSite(String a, String b) {
        return a.replaceFirst("^www\\.", "").equals(b.replaceFirst("^www\\.", ""));
    }

    static Optional<String> title(byte[] body) {
        Matcher m = TITLE.matcher(new String(body, StandardCharsets.UTF_8));
        if (!m.find()) {
            return Optional.empty();
        }
        String t = m.group(1).replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    /** Same title and about the same length, or the same page once each echoes its own path. */
    static boolean looksAlike(byte[] page, HttpUrl pageUrl, byte[] probe, HttpUrl probeUrl) {
        String a = strip(page, pageUrl);
        String b = strip(probe, probeUrl);
        if (a.equals(b) && !a.isBlank()) {
            return true;
        }
        Optional<String> ta = title(page);
        if (ta.isEmpty() || !ta.equals(title(probe))) {
            return false;
        }
        int la = a.length();
        int lb = b.length();
        return Math.abs(la - lb) <= Math.max(la, lb) / 10;
    }

    private static String strip(byte[] body, HttpUrl url) {
        String s = new String(body, StandardCharsets.UTF_8);
        String path = url.encodedPath();
        String decoded = url.pathSegments().isEmpty() ? path : String.join("/", url.pathSegments());
        return s.replace(path, "").replace(decoded, "");
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
