package org.newskeeper.links;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** URL parts, resolution and validity, as a browser reads an attribute value. */
public final class Urls {
    private Urls() {
    }

    /**
     * A URL split as in RFC 3986 appendix B; absent parts are empty strings, {@code hasQuery}
     * and {@code hasAuthority} tell an empty part from a missing one; {@code host} is the
     * authority's host without user info and port, lower-cased.
     */
    public record Parts(String scheme, boolean hasAuthority, String authority, String host, String path,
                        boolean hasQuery, String query, String fragment) {
        /** The port text after the host, empty when none. */
        public String port() {
            String a = authority.substring(authority.lastIndexOf('@') + 1);
            int close = a.lastIndexOf(']');
            int colon = a.indexOf(':', Math.max(close, 0));
            return colon >= 0 ? a.substring(colon + 1) : "";
        }
    }

    /** Splits a URL into its parts without validating it. */
    public static Parts split(String url) {
        String scheme = "";
        int i = 0;
        int colon = schemeEnd(url);
        if (colon > 0) {
            scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
            i = colon + 1;
        }
        String fragment = "";
        int hash = url.indexOf('#', i);
        String rest = hash >= 0 ? url.substring(i, hash) : url.substring(i);
        if (hash >= 0) {
            fragment = url.substring(hash + 1);
        }
        boolean hasAuthority = rest.startsWith("//");
        String authority = "";
        if (hasAuthority) {
            int end = 2;
            while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
                end++;
            }
            authority = rest.substring(2, end);
            rest = rest.substring(end);
        }
        int q = rest.indexOf('?');
        String path = q >= 0 ? rest.substring(0, q) : rest;
        String query = q >= 0 ? rest.substring(q + 1) : "";
        return new Parts(scheme, hasAuthority, authority, hostOf(authority), path, q >= 0, query, fragment);
    }

    private static String hostOf(String authority) {
        String a = authority;
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1);
        }
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(0, end + 1) : a;
        }
        int colon = a.indexOf(':');
        return (colon >= 0 ? a.substring(0, colon) : a).toLowerCase(Locale.ROOT);
    }

    /** The index of the colon ending a scheme ({@code [A-Za-z][A-Za-z0-9+.-]*:}), or -1. */
    static int schemeEnd(String url) {
        if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-')) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Whether the URL names its scheme. */
    public static boolean isAbsolute(String url) {
        return schemeEnd(url) > 0;
    }

    /**
     * An attribute value as a browser takes it: leading and trailing spaces and control characters
     * stripped, tabs and newlines inside removed.
     */
    public static String clean(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) <= ' ') {
            end--;
        }
        String s = raw.substring(start, end);
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\t') >= 0) {
            s = s.replace("\n", "").replace("\r", "").replace("\t", "");
        }
        return s;
    }

    /**
     * Resolves a cleaned reference against a base URL. An absolute reference is kept as written; a
     * relative one without a usable base stays as written (and is reported invalid by the rules).
     */
    public static String resolve(Optional<String> base, String ref) {
        if (isAbsolute(ref) || base.isEmpty()) {
            return ref;
        }
        try {
            return new URL(new URL(base.get()), ref).toExternalForm();
        } catch (MalformedURLException | IllegalArgumentException e) {
            return ref;
        }
    }

    /** The path and query percent-decoded as UTF-8 text, or the URL itself when they do not decode. */
    public static String decoded(String url) {
        Parts p = split(url);
        String tail = p.path() + (p.hasQuery() ? "?" + p.query() : "");
        if (tail.isEmpty()) {
            return url;
        }
        PercentDecoding.Result r = PercentDecoding.decode(tail);
        return r.text().orElse(url);
    }

    /**
     * Why a URL is unusable, or empty when it is fine. Spaces and non-ASCII characters are not
     * defects: browsers and HTTP clients percent-encode them, as they do for the scraped pages.
     * (Control characters are reported for the whole file by the control-characters rule.)
     */
    public static Optional<String> problem(String url) {
        return problem(url, split(url));
    }

    static Optional<String> problem(String url, Parts p) {
        if (url.isEmpty()) {
            return Optional.of("empty URL");
        }
        Optional<String> typo = typo(url);
        if (typo.isPresent()) {
            return typo;
        }
        if (p.scheme().isEmpty()) {
            return Optional.of("not an absolute URL and cannot be resolved against the source URL");
        }
        if (p.scheme().equals("http") || p.scheme().equals("https")) {
            if (!p.hasAuthority() || p.host().isEmpty()) {
                return Optional.of("has no host");
            }
            String hostProblem = hostProblem(p.host());
            if (hostProblem != null) {
                return Optional.of(hostProblem);
            }
            String port = p.port();
            if (!port.isEmpty() && !(port.chars().allMatch(Character::isDigit) && port.length() <= 5
                    && Integer.parseInt(port) <= 65535)) {
                return Optional.of("has an invalid port '" + port + "'");
            }
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern DOUBLED_SCHEME =
            java.util.regex.Pattern.compile("(?i)^(https?:/{0,3})(https?:/{0,3})(.*)$");
    private static final java.util.regex.Pattern ENTITY =
            java.util.regex.Pattern.compile("(?i)&(amp|lt|gt|quot|apos|#0*38|#x0*26);");

    /**
     * A typo real scrapes have, which would otherwise be taken for a host or sent as written: a
     * doubled scheme ({@code http://https://example.org/}, whose "host" would be {@code https}) or an
     * HTML entity left in the URL by double escaping ({@code &amp;amp;} in the page leaving
     * {@code &amp;} in the query). The message names the typo and what was meant. The link check
     * reports these URLs as {@code invalid} with the same message.
     */
    public static Optional<String> typo(String url) {
        java.util.regex.Matcher m = DOUBLED_SCHEME.matcher(url);
        if (m.matches()) {
            return Optional.of("has a doubled scheme '" + m.group(1) + m.group(2) + "' (a scraping typo; meant '"
                    + abbreviate(m.group(2).replaceAll("/+$", "") + "//" + m.group(3)) + "')");
        }
        java.util.regex.Matcher e = ENTITY.matcher(url);
        if (e.find()) {
            String meant = ENTITY.matcher(url).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(entity(r.group(1))));
            return Optional.of("has the HTML entity '" + e.group() + "' left in it by double escaping (meant '"
                    + abbreviate(meant) + "')");
        }
        return Optional.empty();
    }

    private static String entity(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> "&";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    private static String hostProblem(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]") ? null : "has an unterminated IPv6 host";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '%' || c > 0x7f;
            if (!ok) {
                return "has an invalid character '" + c + "' in its host '" + host + "'";
            }
        }
        if (host.startsWith(".") || host.contains("..")) {
            return "has an empty label in its host '" + host + "'";
        }
        return null;
    }

    /** The query's name=value pairs, names and values as written (not decoded). */
    public static List<String[]> queryPairs(String query) {
        List<String[]> pairs = new ArrayList<>();
        if (query.isEmpty()) {
            return pairs;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            pairs.add(eq >= 0 ? new String[] {pair.substring(0, eq), pair.substring(eq + 1)} : new String[] {pair, ""});
        }
        return pairs;
    }
}
