package org.newskeeper.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Element nesting measured on the body's tags as written, for bodies deeper than jsoup keeps
 * (it caps its open-element stack at {@link org.jsoup.parser.Parser#getMaxDepth()}, dropping
 * elements and then calling their end tags stray). Void elements and self-closing tags open
 * nothing; a {@code <p>}, {@code <li>}, {@code <td>}... closes an open one of the same name first;
 * an end tag closes the nearest open element of its name and everything opened after it.
 *
 * @param depth        the deepest nesting, top-level elements being at depth 1
 * @param deepOffset   the offset of the first start tag nested deeper than {@code deep}, or -1
 * @param strays       end tags that close no open element
 * @param strayOffset  the offset of the first of them, or -1
 */
record SourceDepth(int depth, int deepOffset, int strays, int strayOffset) {
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame");
    private static final Set<String> RAW = Set.of("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes");
    private static final Set<String> CLOSES_SIBLING = Set.of("p", "li", "dt", "dd", "option", "tr", "td", "th");

    static SourceDepth scan(String html, int deep) {
        List<String> open = new ArrayList<>();
        int depth = 0;
        int deepOffset = -1;
        int strays = 0;
        int strayOffset = -1;
        int n = html.length();
        int i = html.indexOf('<');
        while (i >= 0 && i < n) {
            int at = i;
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
            } else if (i + 1 < n && (html.charAt(i + 1) == '!' || html.charAt(i + 1) == '?')) {
                int end = html.indexOf('>', i);
                i = end < 0 ? n : end + 1;
            } else if (i + 2 < n && html.charAt(i + 1) == '/' && isLetter(html.charAt(i + 2))) {
                int nameEnd = nameEnd(html, i + 2);
                String name = html.substring(i + 2, nameEnd).toLowerCase(Locale.ROOT);
                int end = html.indexOf('>', nameEnd);
                i = end < 0 ? n : end + 1;
                int match = open.lastIndexOf(name);
                if (match >= 0) {
                    open.subList(match, open.size()).clear();
                } else if (!VOID.contains(name)) {
                    if (strays++ == 0) {
                        strayOffset = at;
                    }
                }
            } else if (i + 1 < n && isLetter(html.charAt(i + 1))) {
                int nameEnd = nameEnd(html, i + 1);
                String name = html.substring(i + 1, nameEnd).toLowerCase(Locale.ROOT);
                int end = tagEnd(html, nameEnd);
                boolean selfClosing = end > 0 && end < n && html.charAt(end - 1) == '/';
                i = end >= n ? n : end + 1;
                if (VOID.contains(name) || selfClosing) {
                    // opens nothing
                } else {
                    if (CLOSES_SIBLING.contains(name) && !open.isEmpty() && open.get(open.size() - 1).equals(name)) {
                        open.remove(open.size() - 1);
                    }
                    open.add(name);
                    if (open.size() > depth) {
                        depth = open.size();
                        if (depth > deep && deepOffset < 0) {
                            deepOffset = at;
                        }
                    }
                    if (RAW.contains(name)) {
                        int close = indexOfIgnoreCase(html, "</" + name, i);
                        i = close < 0 ? n : close;
                    }
                }
            } else {
                i++;
            }
            i = i >= n ? -1 : html.indexOf('<', i);
        }
        return new SourceDepth(depth, deepOffset, strays, strayOffset);
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int nameEnd(String html, int from) {
        int j = from;
        while (j < html.length()) {
            char c = html.charAt(j);
            if (Character.isWhitespace(c) || c == '/' || c == '>') {
                break;
            }
            j++;
        }
        return j;
    }

    /** The offset of the '>' that ends a start tag, skipping quoted attribute values; the length when none. */
    private static int tagEnd(String html, int from) {
        char quote = 0;
        for (int j = from; j < html.length(); j++) {
            char c = html.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                if (j > 0 && html.charAt(j - 1) == '=' || j > 1 && html.charAt(j - 1) == ' ' && html.charAt(j - 2) == '=') {
                    quote = c;
                }
            } else if (c == '>') {
                return j;
            }
        }
        return html.length();
    }

    private static int indexOfIgnoreCase(String html, String what, int from) {
        for (int j = html.indexOf('<', from); j >= 0; j = html.indexOf('<', j + 1)) {
            if (html.regionMatches(true, j, what, 0, what.length())) {
                return j;
            }
        }
        return -1;
    }
}
