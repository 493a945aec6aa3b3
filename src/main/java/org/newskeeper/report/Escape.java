package org.newskeeper.report;

/**
 * Escaping of corpus text for each report format. Text from scraped files is hostile until escaped:
 * a title {@code <script>alert(1)</script>} or a URL with {@code "><img onerror=...>} must show as
 * text. Characters no document may hold (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD everywhere.
 */
final class Escape {
    private Escape() {
    }

    /** Text for HTML and XML content and double- or single-quoted attribute values. */
    public static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> i = appendSafe(s, i, b);
            }
        }
        return b.toString();
    }

    /** Text for XML documents (JUnit): as {@link #html}, with only XML's own entities. */
    public static String xml(String s) {
        return html(s).replace("&#39;", "&apos;");
    }

    /**
     * Text for a Markdown table cell or line: HTML-significant characters as entities, Markdown's
     * punctuation backslash-escaped, line breaks as spaces.
     */
    public static String markdown(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '&') {
                b.append("&amp;");
            } else if (c == '<') {
                b.append("&lt;");
            } else if (c == '>') {
                b.append("&gt;");
            } else if ("\\`*_[]|~!#$".indexOf(c) >= 0) {
                b.append('\\').append(c);
            } else if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else {
                i = appendSafe(s, i, b);
            }
        }
        return b.toString();
    }

    /**
     * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a value beginning
     * with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return gets a leading apostrophe
     * so that no spreadsheet reads it as a formula.
     */
    public static String csv(String s) {
        String v = clean(s);
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** The text with characters no document may hold replaced by U+FFFD. */
    public static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            i = appendSafe(s, i, b);
        }
        return b.toString();
    }

    /** A URL as an {@code href}, when it is an http(s) URL; else empty (shown as text only). */
    public static java.util.Optional<String> href(String url) {
        String u = url.strip().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://")
                ? java.util.Optional.of(url.strip()) : java.util.Optional.empty();
    }

    private static int appendSafe(String s, int i, StringBuilder b) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(i + 1));
            return i + 1;
        }
        boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f && c != 0x85)
                || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff;
        b.append(bad ? '\ufffd' : c);
        return i;
    }
}
