package org.newskeeper.linkstate;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * What a cited URL is before anything is requested: an HTTP(S) URL with its normalised key (the
 * unit of "checked once per run"), a URL of another scheme, or a malformed one.
 *
 * <p>The key lower-cases scheme and host, drops the default port and the fragment, writes an empty
 * path as {@code /}, percent-encodes what must be and upper-cases percent escapes.
 */
public final class UrlKey {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    /** Longer URLs are not requested (browsers and servers give up around 8 KiB); a hostile file may hold megabytes. */
    public static final int MAX_LENGTH = 8192;

    public enum Kind { HTTP, OTHER_SCHEME, MALFORMED }

    /**
     * @param kind  which of the three
     * @param key   the normalised URL (HTTP), the URL as cited otherwise
     * @param url   the parsed URL (HTTP only)
     * @param error why it is malformed or unsupported
     */
    public record Parsed(Kind kind, String key, Optional<HttpUrl> url, Optional<String> error) {
    }

    private UrlKey() {
    }

    public static Parsed parse(String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return malformed(raw, "empty URL");
        }
        if (s.length() > MAX_LENGTH) {
            return malformed(s.substring(0, 200) + "...", "URL of " + s.length() + " characters, longer than " + MAX_LENGTH);
        }
        Matcher m = SCHEME.matcher(s);
        if (!m.find()) {
            return malformed(s, "not an absolute URL");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            String rest = s.substring(m.end());
            if (rest.isEmpty() || rest.chars().anyMatch(c -> c <= ' ')) {
                return malformed(s, "malformed " + scheme + ": URL");
            }
            return new Parsed(Kind.OTHER_SCHEME, scheme + ":" + rest, Optional.empty(),
                    Optional.of("scheme '" + scheme + "' is not checked over the network"));
        }
        if (!s.regionMatches(true, m.end(), "//", 0, 2)) {
            return malformed(s, "an http(s) URL needs '//' and a host");
        }
        HttpUrl url = HttpUrl.parse(s);
        if (url == null || url.host().isEmpty()) {
            return malformed(s, "malformed URL");
        }
        return new Parsed(Kind.HTTP, key(url), Optional.of(url), Optional.empty());
    }

    /** The normalised key of an HTTP(S) URL, or the URL as given for others and malformed ones. */
    public static String normalize(String raw) {
        String key = canonical(raw);
        return key != null ? key : parse(raw).key();
    }

    /**
     * The key {@link #parse} would give {@code raw}, told by one pass over its characters without
     * parsing it, when {@code raw} has the plain shape most cited URLs have ({@code raw} itself
     * when it is its own key); else {@code null}, and {@link #parse} decides. The URL parsed from
     * the key is the URL parsed from {@code raw}.
     *
     * <p>The plain shape: {@code http://} or {@code https://} in lower case, a host of lower-case
     * ASCII labels (letters, digits, inner hyphens, none in the third and fourth place as in
     * {@code xn--}; no trailing dot), a port only when it is not the scheme's default, a path
     * without dot segments (an empty one is written {@code /}), path and query of characters the
     * parser keeps as they are or percent-encodes as UTF-8 (not ASCII, not white space), percent
     * escapes (upper-cased in the key, as {@link #key} does); no user; a fragment is dropped, as the
     * key drops it. A run groups its 470,000 citations by key before deciding what to request:
     * parsing each (OkHttp, about 4 us, 18 us for a long share URL with lower-case escapes, 12 % of
     * the citations; a fragment, 4 %) was most of the links stage's start at 64,000 articles.
     *
     * <p>The URL parsed from the key is the URL parsed from {@code raw} but for the case of its
     * escapes and the fragment (never sent): a caller that must request the URL as written parses
     * {@code raw} when the key is not {@code raw} itself.
     */
    public static String canonical(String raw) {
        int n = raw.length();
        int i;
        boolean https;
        if (raw.startsWith("https://")) {
            i = 8;
            https = true;
        } else if (raw.startsWith("http://")) {
            i = 7;
            https = false;
        } else {
            return null;
        }
        if (n > MAX_LENGTH) {
            return null;
        }
        int hash = raw.indexOf('#');
        if (hash >= 0) {
            // the key drops the fragment (as parsing does): what comes before it decides
            return canonical(raw.substring(0, hash));
        }
        int host = i;
        int label = i;
        for (; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '.') {
                if (!label(raw, label, i)) {
                    return null;
                }
                label = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                break;
            }
        }
        if (!label(raw, label, i) || i - host > 253) {
            return null;
        }
        if (i < n && raw.charAt(i) == ':') {
            int from = ++i;
            int port = 0;
            for (; i < n && raw.charAt(i) >= '0' && raw.charAt(i) <= '9' && i - from < 5; i++) {
                port = port * 10 + (raw.charAt(i) - '0');
            }
            if (i == from || raw.charAt(from) == '0' || port > 65535 || port == (https ? 443 : 80)) {
                return null;
            }
        }
        if (i == n) {
            return raw.concat("/");
        }
        StringBuilder b = null;
        boolean query;
        if (raw.charAt(i) == '/') {
            query = false;
            i++;
        } else if (raw.charAt(i) == '?') {
            // an empty path before a query is written "/"
            b = new StringBuilder(n + 16).append(raw, 0, i).append("/?");
            query = true;
            i++;
        } else {
            return null;
        }
        int segment = i;
        for (; i < n; i++) {
            char c = raw.charAt(i);
            if (!query && (c == '/' || c == '?')) {
                if (dots(raw, segment, i)) {
                    return null;
                }
                segment = i + 1;
                query = c == '?';
            } else if (c == '%') {
                if (i + 2 >= n) {
                    return null;
                }
                char h = raw.charAt(i + 1);
                char l = raw.charAt(i + 2);
                if (!hex(h) || !hex(l) || (h == '2' && (l == 'E' || l == 'e'))) {
                    return null;
                }
                if (b == null && (h >= 'a' || l >= 'a')) {
                    // a lower-case escape (share URLs are full of them): the key upper-cases it
                    b = new StringBuilder(n + 16).append(raw, 0, i);
                }
                if (b != null) {
                    b.append('%').append(Character.toUpperCase(h)).append(Character.toUpperCase(l));
                }
                i += 2;
                continue;
            } else if (c >= 0x80) {
                // not ASCII: percent-encoded as UTF-8 bytes, upper-case, as the parser does
                int cp = raw.codePointAt(i);
                if ((Character.isSurrogate(c) && cp == c) || Character.isWhitespace(cp)) {
                    return null;
                }
                if (b == null) {
                    b = new StringBuilder(n + 32).append(raw, 0, i);
                }
                // its UTF-8 bytes, written without a String per character
                if (cp < 0x800) {
                    escape(b, 0xc0 | (cp >> 6));
                } else if (cp < 0x10000) {
                    escape(b, 0xe0 | (cp >> 12));
                    escape(b, 0x80 | ((cp >> 6) & 0x3f));
                } else {
                    escape(b, 0xf0 | (cp >> 18));
                    escape(b, 0x80 | ((cp >> 12) & 0x3f));
                    escape(b, 0x80 | ((cp >> 6) & 0x3f));
                }
                escape(b, 0x80 | (cp & 0x3f));
                i += Character.charCount(cp) - 1;
                continue;
            } else if (!plain(c, query)) {
                return null;
            }
            if (b != null) {
                b.append(c);
            }
        }
        if (!query && dots(raw, segment, n)) {
            return null;
        }
        return b == null ? raw : b.toString();
    }

    /**
     * The host of a key {@link #canonical} gave ({@code scheme://host[:port]/...}, the host in lower
     * case), as parsing it would give it, read without parsing: a run takes every URL it requests
     * by its host before the first request.
     */
    public static String hostOfCanonical(String key) {
        int from = key.indexOf("://") + 3;
        int to = from;
        while (to < key.length() && key.charAt(to) != ':' && key.charAt(to) != '/') {
            to++;
        }
        return key.substring(from, to);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static void escape(StringBuilder b, int x) {
        b.append('%').append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
    }

    /** A host label of 1 to 63 of [a-z0-9-], not starting or ending with a hyphen, no {@code --} after two characters (punycode). */
    private static boolean label(String s, int from, int to) {
        return to > from && to - from <= 63 && s.charAt(from) != '-' && s.charAt(to - 1) != '-'
                && !s.startsWith("--", from + 2);
    }

    private static boolean dots(String s, int from, int to) {
        return (to - from == 1 && s.charAt(from) == '.') || (to - from == 2 && s.startsWith("..", from));
    }

    /** Characters OkHttp keeps as they are in a path ({@code query} false) or a query. */
    private static boolean plain(char c, boolean query) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '(', ')', '*', '+', ',', ';', '=', ':', '@':
                return true;
            case '\'':
                return !query;
            case '/', '?':
                return query;
            default:
                return false;
        }
    }

    public static String key(HttpUrl url) {
        // most URLs have no fragment and no lower-case escape: then the URL's own text is the key
        String s = (url.fragment() == null ? url : url.newBuilder().fragment(null).build()).toString();
        int at = s.indexOf('%');
        if (at < 0) {
            return s;
        }
        StringBuilder b = null;
        for (int i = at; i + 2 < s.length(); i++) {
            char h = s.charAt(i + 1);
            char l = s.charAt(i + 2);
            if (s.charAt(i) == '%' && hex(h) && hex(l)) {
                if ((h >= 'a' && h <= 'f') || (l >= 'a' && l <= 'f')) {
                    if (b == null) {
                        b = new StringBuilder(s);
                    }
                    b.setCharAt(i + 1, Character.toUpperCase(h));
                    b.setCharAt(i + 2, Character.toUpperCase(l));
                }
                i += 2;
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Parsed malformed(String s, String why) {
        return new Parsed(Kind.MALFORMED, s, Optional.empty(), Optional.of(why));
    }
}
