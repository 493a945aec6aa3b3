package org.newskeeper.check;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Share endpoints (facebook dialog, twitter/x intent, whatsapp, ...): recognised, unwrapped to the
 * URL they share, and never requested. And the test of whether a share leads to its article.
 */
final class ShareLinks {
    /** host (or a parent domain), path prefix, the parameters that carry the shared URL. */
    private record Endpoint(String host, String pathPrefix, List<String> params) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("facebook.com", "/sharer", List.of("u", "href", "link")),
            new Endpoint("facebook.com", "/share.php", List.of("u", "href")),
            new Endpoint("facebook.com", "/dialog/", List.of("href", "link", "u")),
            new Endpoint("twitter.com", "/intent/", List.of("url", "text")),
            new Endpoint("twitter.com", "/share", List.of("url", "text")),
            new Endpoint("x.com", "/intent/", List.of("url", "text")),
            new Endpoint("x.com", "/share", List.of("url", "text")),
            new Endpoint("web.whatsapp.com", "/send", List.of("text")),
            new Endpoint("api.whatsapp.com", "/send", List.of("text")),
            new Endpoint("wa.me", "/", List.of("text")),
            new Endpoint("linkedin.com", "/shar", List.of("url")),
            new Endpoint("t.me", "/share", List.of("url")),
            new Endpoint("telegram.me", "/share", List.of("url")),
            new Endpoint("service.weibo.com", "/share", List.of("url")),
            new Endpoint("line.me", "/", List.of("url", "text")),
            new Endpoint("reddit.com", "/submit", List.of("url")),
            new Endpoint("pinterest.com", "/pin/create", List.of("url")),
            new Endpoint("getpocket.com", "/edit", List.of("url")));
    private static final Pattern URL_IN_TEXT = Pattern.compile("https?://[^\\s\"'<>]+");
    private static final Pattern TRACKING = Pattern.compile("utm_.*|xtor|at_.*|fbclid|gclid|ref|from|share|s");

    private ShareLinks() {
    }

    private static Optional<HttpUrl> asHttp(String url) {
        UrlKey.Parsed p = UrlKey.parse(url);
        if (p.kind() == UrlKey.Kind.HTTP) {
            return p.url();
        }
        if (p.kind() == UrlKey.Kind.OTHER_SCHEME && p.key().startsWith("whatsapp://")) {
            return Optional.ofNullable(HttpUrl.parse("http://whatsapp.invalid/" + p.key().substring("whatsapp://".length())));
        }
        return Optional.empty();
    }

    private static Optional<Endpoint> endpoint(HttpUrl u) {
        if (u.host().equals("whatsapp.invalid")) {
            return Optional.of(new Endpoint("whatsapp.invalid", "/", List.of("text")));
        }
        for (Endpoint e : ENDPOINTS) {
            if ((u.host().equals(e.host()) || u.host().endsWith("." + e.host())) && u.encodedPath().startsWith(e.pathPrefix())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code url} is a known share endpoint ({@code whatsapp://} included). */
    static boolean isEndpoint(String url) {
        return asHttp(url).flatMap(ShareLinks::endpoint).isPresent();
    }

    static boolean isEndpoint(HttpUrl url) {
        return endpoint(url).isPresent();
    }

    /** The URL a share endpoint shares, read from its parameters. */
    static Optional<String> unwrap(String url) {
        Optional<HttpUrl> u = asHttp(url);
        Optional<Endpoint> e = u.flatMap(ShareLinks::endpoint);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        for (String param : e.get().params()) {
            String v = u.get().queryParameter(param);
            if (v == null || v.isBlank()) {
                continue;
            }
            if (param.equals("text")) {
                Matcher m = URL_IN_TEXT.matcher(v);
                if (m.find()) {
                    return Optional.of(m.group());
                }
                continue;
            }
            return Optional.of(v.strip());
        }
        return Optional.empty();
    }

    /**
     * Whether two URLs name the same article: same host (ignoring {@code www.}), same decoded path
     * (ignoring a trailing slash), same query once tracking parameters are dropped; scheme and
     * fragment do not matter.
     */
    static boolean sameArticle(String a, String b) {
        Optional<HttpUrl> ua = asHttp(a);
        Optional<HttpUrl> ub = asHttp(b);
        if (ua.isEmpty() || ub.isEmpty()) {
            return UrlKey.normalize(a).equals(UrlKey.normalize(b));
        }
        return comparable(ua.get()).equals(comparable(ub.get()));
    }

    private static String comparable(HttpUrl u) {
        String host = u.host().toLowerCase(Locale.ROOT);
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        String path = "/" + String.join("/", u.pathSegments());
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        TreeMap<String, String> query = new TreeMap<>();
        for (String name : u.queryParameterNames()) {
            if (!TRACKING.matcher(name).matches()) {
                query.put(name, String.valueOf(u.queryParameterValues(name)));
            }
        }
        return host + path + "?" + query;
    }
}
