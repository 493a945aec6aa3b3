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
        return parse(raw).key();
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
