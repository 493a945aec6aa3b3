package org.newskeeper.links;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The words of an article's URL slug, decoded. RFI writes its slugs as
 * {@code /cn/<section>/<yyyyMMdd>-<title words joined by '-'>}, percent-encoded; DW and China
 * Digital Times do the same without the date. Only slugs in the title's own script (not ASCII-only
 * transliterations) are compared with the title.
 *
 * @param text  the slug decoded, date prefix removed
 * @param words the slug's words, split at '-'
 */
public record Slug(String text, List<String> words) {
    private static final Pattern DATE_PREFIX = Pattern.compile("^\\d{8}-");

    /** The slug of a source URL from a site that writes title slugs, when it has one in a non-Latin script. */
    public static Optional<Slug> of(String sourceUrl) {
        return of(Links.make(sourceUrl, Role.SOURCE, 0).link(), Urls.split(sourceUrl));
    }

    /** The slug of a source link, from its already decoded path and its URL already split. */
    public static Optional<Slug> of(Link source, Urls.Parts p) {
        String host = p.host();
        if (!(isHost(host, "rfi.fr") || isHost(host, "dw.com") || isHost(host, "chinadigitaltimes.net"))) {
            return Optional.empty();
        }
        String decoded = source.decoded().startsWith("/") ? source.decoded() : p.path();
        int query = decoded.indexOf('?');
        String path = query >= 0 ? decoded.substring(0, query) : decoded;
        String best = null;
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            if (hasNonAscii(segment) && (best == null || segment.length() > best.length())) {
                best = segment;
            }
            start = end + 1;
        }
        if (best == null) {
            return Optional.empty();
        }
        if (!best.contains("-") && !isHost(host, "dw.com")) {
            return Optional.of(new Slug(best, List.of(best)));
        }
        String text = DATE_PREFIX.matcher(best).replaceFirst("");
        List<String> words = new ArrayList<>();
        for (String w : text.split("-")) {
            if (!normalize(w).isEmpty()) {
                words.add(w);
            }
        }
        return words.isEmpty() ? Optional.empty() : Optional.of(new Slug(text, List.copyOf(words)));
    }

    private static boolean isHost(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    private static boolean hasNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f && Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without spaces, punctuation and symbols (dashes, quotes, %): the form compared. */
    public static String normalize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(c < 0x80 ? Character.toLowerCase(c) : c);
            }
        }
        return b.toString();
    }

    /**
     * The share (0 to 1) of the slug's character pairs that the title contains, both normalized:
     * a slug cut short, a title with a site suffix or a one-character edit still match; the slug
     * of another article does not.
     */
    public double coverage(String title) {
        String t = normalize(title);
        int total = 0;
        int found = 0;
        for (String w : words) {
            String n = normalize(w);
            if (n.length() == 1) {
                total++;
                found += t.indexOf(n.charAt(0)) >= 0 ? 1 : 0;
            }
            for (int i = 0; i + 2 <= n.length(); i++) {
                total++;
                if (containsPair(t, n.charAt(i), n.charAt(i + 1))) {
                    found++;
                }
            }
        }
        return total == 0 ? 1 : (double) found / total;
    }

    private static boolean containsPair(String t, char a, char b) {
        for (int i = t.indexOf(a); i >= 0 && i + 1 < t.length(); i = t.indexOf(a, i + 1)) {
            if (t.charAt(i + 1) == b) {
                return true;
            }
        }
        return false;
    }

    /** The slug's words that the title does not contain. */
    public List<String> missingFrom(String title) {
        String t = normalize(title);
        List<String> missing = new ArrayList<>();
        for (String w : words) {
            if (!t.contains(normalize(w))) {
                missing.add(w);
            }
        }
        return missing;
    }
}
