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
    /** DW's article id segment, {@code a-54245694} (also {@code g-}, {@code av-} for galleries and videos). */
    private static final Pattern DW_ID = Pattern.compile("^[a-z]{1,3}-\\d+$");

    /** The slug of a source URL from a site that writes title slugs, when it has one in a non-Latin script. */
    public static Optional<Slug> of(String sourceUrl) {
        return of(Links.make(sourceUrl, Role.SOURCE, 0).link(), Urls.split(sourceUrl));
    }

    /**
     * The slug of a source link: the last non-empty segment of its path (DW: the one before the
     * {@code a-<id>} segment), percent-decoded on its own so that an encoded {@code %2F} does not
     * split it, without RFI's {@code yyyyMMdd-} date prefix. Empty when the site writes no title
     * slugs or when the slug is ASCII only (a transliteration or English words cannot be compared
     * with a title in Chinese).
     */
    public static Optional<Slug> of(Link source, Urls.Parts p) {
        String host = p.host();
        boolean dw = isHost(host, "dw.com");
        if (!(isHost(host, "rfi.fr") || dw || isHost(host, "chinadigitaltimes.net"))) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String segment : p.path().split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (dw && !segments.isEmpty() && DW_ID.matcher(segments.get(segments.size() - 1)).matches()) {
            segments.remove(segments.size() - 1);
        }
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        String decoded = PercentDecoding.decodeOrKeep(segments.get(segments.size() - 1));
        String text = DATE_PREFIX.matcher(decoded).replaceFirst("");
        if (!hasNonAscii(text)) {
            return Optional.empty();
        }
        if (!text.contains("-") && !dw) {
            return Optional.of(new Slug(text, List.of(text)));
        }
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
