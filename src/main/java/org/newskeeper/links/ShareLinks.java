package org.newskeeper.links;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Share endpoints (facebook share dialog, twitter/x intent, whatsapp, telegram, line, weibo...)
 * and the article URL each one shares, unwrapped through nested and double percent-encoding.
 */
public final class ShareLinks {
    /** One known endpoint: host (itself or a subdomain), path prefix, parameters naming the shared URL. */
    private record Endpoint(String host, String pathPrefix, List<String> urlParams, List<String> textParams) {
        boolean matches(String h, String path) {
            return (h.equals(host) || h.endsWith(host) && h.charAt(h.length() - host.length() - 1) == '.')
                    && path.regionMatches(true, 0, pathPrefix, 0, pathPrefix.length());
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("facebook.com", "/dialog/share", List.of("href", "redirect_uri"), List.of()),
            new Endpoint("facebook.com", "/dialog/feed", List.of("link", "redirect_uri"), List.of()),
            new Endpoint("facebook.com", "/sharer", List.of("u"), List.of()),
            new Endpoint("facebook.com", "/share.php", List.of("u"), List.of()),
            new Endpoint("twitter.com", "/intent/tweet", List.of("url"), List.of("text")),
            new Endpoint("twitter.com", "/share", List.of("url"), List.of("text")),
            new Endpoint("x.com", "/intent/tweet", List.of("url"), List.of("text")),
            new Endpoint("x.com", "/intent/post", List.of("url"), List.of("text")),
            new Endpoint("x.com", "/share", List.of("url"), List.of("text")),
            new Endpoint("web.whatsapp.com", "/send", List.of(), List.of("text")),
            new Endpoint("api.whatsapp.com", "/send", List.of(), List.of("text")),
            new Endpoint("wa.me", "/", List.of(), List.of("text")),
            new Endpoint("t.me", "/share", List.of("url"), List.of("text")),
            new Endpoint("telegram.me", "/share", List.of("url"), List.of("text")),
            new Endpoint("social-plugins.line.me", "/lineit/share", List.of("url"), List.of("text")),
            new Endpoint("timeline.line.me", "/social-plugin/share", List.of("url"), List.of("text")),
            new Endpoint("line.me", "/r/msg/text", List.of(), List.of()),
            new Endpoint("service.weibo.com", "/share/share.php", List.of("url"), List.of("title")),
            new Endpoint("linkedin.com", "/sharearticle", List.of("url"), List.of()),
            new Endpoint("linkedin.com", "/sharing/share-offsite", List.of("url"), List.of()),
            new Endpoint("reddit.com", "/submit", List.of("url"), List.of()),
            new Endpoint("pinterest.com", "/pin/create", List.of("url"), List.of()),
            new Endpoint("tumblr.com", "/share", List.of("url", "canonicalurl"), List.of()),
            new Endpoint("tumblr.com", "/widgets/share", List.of("url", "canonicalurl"), List.of()),
            new Endpoint("del.icio.us", "/post", List.of("url"), List.of()),
            new Endpoint("delicious.com", "/save", List.of("url"), List.of()),
            new Endpoint("getpocket.com", "/save", List.of("url"), List.of()),
            new Endpoint("plus.google.com", "/share", List.of("url"), List.of()),
            new Endpoint("addtoany.com", "/add_to/", List.of("linkurl"), List.of()),
            new Endpoint("addtoany.com", "/share", List.of("linkurl", "url"), List.of()));

    private static final Map<String, List<Endpoint>> BY_HOST = ENDPOINTS.stream()
            .collect(Collectors.groupingBy(Endpoint::host));
    private static final Pattern URL_IN_TEXT = Pattern.compile("https?://[^\\s\"<>]+");
    private static final int MAX_UNWRAP = 4;

    private ShareLinks() {
    }

    /** Whether the URL is a share endpoint rather than a link to content. */
    public static boolean isShare(String url) {
        return isShare(Urls.split(url));
    }

    static boolean isShare(Urls.Parts p) {
        if (isWhatsappScheme(p)) {
            return true;
        }
        return (p.scheme().equals("http") || p.scheme().equals("https")) && endpoint(p).isPresent();
    }

    private static boolean isWhatsappScheme(Urls.Parts p) {
        return p.scheme().equals("whatsapp") || p.scheme().equals("tg") || p.scheme().equals("line");
    }

    private static Optional<Endpoint> endpoint(Urls.Parts p) {
        String host = p.host();
        String path = p.path();
        // the host, then each parent domain: www.facebook.com, facebook.com, com
        for (String h = host; !h.isEmpty(); ) {
            List<Endpoint> candidates = BY_HOST.get(h);
            if (candidates != null) {
                for (Endpoint e : candidates) {
                    if (e.matches(host, path)) {
                        return Optional.of(e);
                    }
                }
            }
            int dot = h.indexOf('.');
            h = dot < 0 ? "" : h.substring(dot + 1);
        }
        return Optional.empty();
    }

    /** The URL of the article a share link shares, when the link names one. */
    public static Optional<String> target(String url) {
        return target(Urls.split(url));
    }

    static Optional<String> target(Urls.Parts p) {
        List<String> urlParams;
        List<String> textParams;
        if (isWhatsappScheme(p)) {
            urlParams = List.of("url");
            textParams = List.of("text", "msg");
        } else {
            Optional<Endpoint> e = endpoint(p);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            if (e.get().host().equals("line.me")) {
                return urlInText(PercentDecoding.decodeFormValue(p.query()));
            }
            urlParams = e.get().urlParams();
            textParams = e.get().textParams();
        }
        String query = p.query();
        if (!p.fragment().isEmpty() && p.fragment().contains("=")) {
            query = query.isEmpty() ? p.fragment() : query + "&" + p.fragment();
        }
        List<String[]> pairs = Urls.queryPairs(query);
        for (String name : urlParams) {
            for (String[] pair : pairs) {
                if (pair[0].equalsIgnoreCase(name) && !pair[1].isEmpty()) {
                    return Optional.of(unwrap(pair[1]));
                }
            }
        }
        for (String name : textParams) {
            for (String[] pair : pairs) {
                if (pair[0].equalsIgnoreCase(name)) {
                    Optional<String> found = urlInText(PercentDecoding.decodeFormValue(pair[1]));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A parameter value made back into the URL it encodes: a value already starting with
     * {@code http(s)://} is a URL as written; an encoded one is decoded until it is one (double
     * encoding such as {@code https%253A%252F%252F} takes two rounds).
     */
    public static String unwrap(String value) {
        String v = value;
        for (int i = 0; i < MAX_UNWRAP && !looksLikeUrl(v); i++) {
            PercentDecoding.Result r = PercentDecoding.decode(v.replace('+', ' '));
            if (!r.ok() || r.text().get().equals(v)) {
                break;
            }
            v = r.text().get();
        }
        return v.trim();
    }

    private static boolean looksLikeUrl(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    private static Optional<String> urlInText(String text) {
        Matcher m = URL_IN_TEXT.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return Optional.ofNullable(last);
    }

    /**
     * Decodes nested encodings for display: a value that is itself an encoded URL is decoded until
     * it reads as text, so {@code %25E5%259B%25BD} shows as the characters it finally stands for.
     */
    public static String deepDecode(String value) {
        String v = value;
        for (int i = 0; i < MAX_UNWRAP; i++) {
            PercentDecoding.Result r = PercentDecoding.decode(v);
            if (!r.ok() || r.text().get().equals(v)) {
                break;
            }
            v = r.text().get();
        }
        return v;
    }
}
