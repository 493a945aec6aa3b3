package org.newskeeper.check;

import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.newskeeper.links.ShareLinks;
import org.newskeeper.linkstate.UrlKey;

/**
 * What the checker needs of share links: whether a URL is a share endpoint (never requested) and
 * what it shares (both from {@link ShareLinks} of the corpus model), and whether a share leads to
 * its article.
 */
final class ShareTargets {
    private static final Pattern TRACKING = Pattern.compile("utm_.*|xtor|at_.*|fbclid|gclid|ref|from|share|s");

    private ShareTargets() {
    }

    /** Whether {@code url} is a known share endpoint ({@code whatsapp://} included). */
    static boolean isEndpoint(String url) {
        return ShareLinks.isShare(url);
    }

    static boolean isEndpoint(HttpUrl url) {
        return ShareLinks.isShare(url.toString());
    }

    /** The URL a share endpoint shares, read from its parameters. */
    static Optional<String> unwrap(String url) {
        return ShareLinks.target(url);
    }

    /**
     * Whether two URLs name the same article: same host (ignoring {@code www.}), same decoded path
     * (ignoring a trailing slash), same query once tracking parameters are dropped; scheme and
     * fragment do not matter.
     */
    static boolean sameArticle(String a, String b) {
        Optional<HttpUrl> ua = UrlKey.parse(a).url();
        Optional<HttpUrl> ub = UrlKey.parse(b).url();
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
