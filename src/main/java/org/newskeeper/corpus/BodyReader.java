package org.newskeeper.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.ParseError;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.newskeeper.corpus.ParsedArticle.Body;
import org.newskeeper.corpus.ParsedArticle.Problem;
import org.newskeeper.corpus.ParsedArticle.Stated;
import org.newskeeper.links.Link;
import org.newskeeper.links.Links;
import org.newskeeper.links.Role;

/**
 * Parses an article body once with jsoup and walks it once, collecting its links, images, date
 * div, nesting depth and malformed HTML for the rules.
 */
final class BodyReader {
    /** Tag names glued to their first attribute, {@code <imgsrc=}, as scrapers write them. */
    private static final Pattern GLUED = Pattern.compile(
            "<(img|a|div|span|p|iframe|video|audio|source|section|figure|ul|ol|li|table|td|tr|blockquote|h[1-6]|b|i|em|strong|small)"
                    + "(src|href|class|style|id|alt|width|height|title|type|srcset|poster|rel|target|data-[\\w-]+)=",
            Pattern.CASE_INSENSITIVE);
    /** Any tag name running into '=': the tag and attribute cannot be told apart for unknown tags. */
    private static final Pattern ANY_GLUED = Pattern.compile("<[a-zA-Z][\\w-]*=");
    private static final Pattern TOKEN = Pattern.compile("\\[(.*?)]");
    private static final int MAX_ERRORS = 100;
    private static final String STRAY = "stray end tag";
    /** Attributes lazy-loading scripts keep the real image in, in order of preference. */
    private static final String[] LAZY = {"data-src", "data-lazy-src", "data-original"};
    private static final int DATE_SCAN_ELEMENTS = 24;

    private final String html;
    private final int firstLine;
    private final Optional<String> base;
    private final List<Link> links;
    private final List<Problem> unusable;
    private final List<Problem> encoding;
    private final boolean multiLine;

    BodyReader(String html, int firstLine, Optional<String> base, List<Link> links, List<Problem> unusable, List<Problem> encoding) {
        this.html = html;
        this.firstLine = firstLine;
        this.base = base;
        this.links = links;
        this.unusable = unusable;
        this.encoding = encoding;
        this.multiLine = textAfterFirstLine(html);
    }

    /** Whether anything but whitespace follows the first line break. */
    private static boolean textAfterFirstLine(String html) {
        for (int i = html.indexOf('\n'); i >= 0 && i < html.length(); i++) {
            if (!Character.isWhitespace(html.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static Body none() {
        return new Body(0, Optional.empty(), false, 0, List.of(), Optional.empty(), 0, 0, List.of());
    }

    Body read() {
        List<Problem> problems = new ArrayList<>();
        String source = html;
        Parser parser = Parser.htmlParser().setTrackErrors(MAX_ERRORS).setTrackPosition(multiLine);
        Document doc = parser.parseInput(source, "");
        int linksBefore = links.size();
        int unusableBefore = unusable.size();
        int encodingBefore = encoding.size();
        Walk walk = new Walk();
        NodeTraversor.traverse(walk, doc.body());
        if (walk.glued) {
            // rare: a tag name glued to its attribute (<imgsrc=); repair the text and read it again
            links.subList(linksBefore, links.size()).clear();
            unusable.subList(unusableBefore, unusable.size()).clear();
            encoding.subList(encodingBefore, encoding.size()).clear();
            source = repairGlued(problems);
            parser = Parser.htmlParser().setTrackErrors(MAX_ERRORS).setTrackPosition(multiLine);
            doc = parser.parseInput(source, "");
            walk = new Walk();
            NodeTraversor.traverse(walk, doc.body());
        }
        int maxDepth = walk.maxDepth;
        int deepestLine = walk.deepestLine;
        // <html><body> hold the body's elements: depth d below body is d + 2 open elements in jsoup's stack
        if (walk.maxDepth + 2 >= parser.getMaxDepth() - 1) {
            // jsoup hit its depth cap: it dropped elements and called their end tags stray; measure on the tags as written
            SourceDepth real = SourceDepth.scan(source, Body.DEEP);
            maxDepth = Math.max(maxDepth, real.depth());
            if (real.deepOffset() >= 0) {
                deepestLine = lineAt(source, real.deepOffset());
            }
            List<Problem> errors = new ArrayList<>(parseErrors(parser.getErrors(), source));
            errors.removeIf(p -> p.message().startsWith(STRAY));
            if (real.strays() > 0) {
                errors.add(new Problem(lineAt(source, real.strayOffset()), STRAY + " that closes no open element"
                        + (real.strays() > 1 ? ", " + real.strays() + " times" : "") + at(source, real.strayOffset())));
            }
            problems.addAll(errors);
        } else {
            problems.addAll(parseErrors(parser.getErrors(), source));
        }
        Stated time = walk.time;
        Optional<Stated> date = dateDiv(doc.body(), firstLine).or(() -> Optional.ofNullable(time));
        return new Body(firstLine, Optional.of(doc), walk.hasText, walk.images, List.copyOf(walk.imagesWithoutSource),
                date, maxDepth, deepestLine, List.copyOf(problems));
    }

    /** Rewrites {@code <imgsrc=} as {@code <img src=} so the element is read, and notes each one. */
    private String repairGlued(List<Problem> problems) {
        String repaired = html;
        Matcher m = GLUED.matcher(html);
        if (m.find()) {
            StringBuilder out = new StringBuilder(html.length() + 16);
            int count = 0;
            String first = m.group();
            String readAs = "<" + m.group(1) + " " + m.group(2) + "=";
            int firstAt = m.start();
            do {
                count++;
                m.appendReplacement(out, Matcher.quoteReplacement("<" + m.group(1) + " " + m.group(2) + "="));
            } while (m.find());
            m.appendTail(out);
            problems.add(new Problem(lineAt(html, firstAt), "tag name glued to its attribute: '" + first + "' (read as '"
                    + readAs + "')" + (count > 1 ? ", " + count + " times" : "") + at(html, firstAt)));
            repaired = out.toString();
        }
        Matcher unknown = ANY_GLUED.matcher(repaired);
        if (unknown.find()) {
            problems.add(new Problem(lineAt(repaired, unknown.start()), "tag name glued to its attribute: '" + unknown.group()
                    + "' (tag and attribute cannot be told apart)" + at(repaired, unknown.start())));
        }
        return repaired;
    }

    private List<Problem> parseErrors(List<ParseError> errors, String source) {
        Map<String, int[]> groups = new LinkedHashMap<>();
        for (ParseError e : errors) {
            String message = explain(e.getErrorMessage());
            if (message == null) {
                continue;
            }
            int[] g = groups.computeIfAbsent(message, k -> new int[] {0, e.getPosition()});
            g[0]++;
        }
        List<Problem> out = new ArrayList<>();
        groups.forEach((message, g) -> out.add(new Problem(lineAt(source, g[1]),
                message + (g[0] > 1 ? ", " + g[0] + (g[0] >= MAX_ERRORS ? "+" : "") + " times" : "") + at(source, g[1]))));
        return out;
    }

    /** A problem of a link's URL, naming its role and the URL. */
    static String describe(Link link, String why) {
        String url = link.url().length() <= 120 ? link.url() : link.url().substring(0, 120) + "…";
        return link.role().id() + " URL '" + url + "' " + why;
    }

    /** A jsoup parse error in words a person understands, or null when another rule reports it. */
    static String explain(String jsoup) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(jsoup);
        while (m.find()) {
            tokens.add(m.group(1));
        }
        String t0 = tokens.isEmpty() ? "" : tokens.get(0);
        if (jsoup.startsWith("Unexpected EndTag token")) {
            return STRAY + " " + t0 + " that closes no open element";
        }
        if (jsoup.startsWith("Unexpected EOF token")) {
            return "elements left open at the end of the body (end tags missing)";
        }
        if (jsoup.startsWith("Unexpectedly reached end of file")) {
            return "the body ends inside a tag, comment or attribute (truncated?)";
        }
        if (jsoup.startsWith("Unexpected StartTag token")) {
            return "start tag " + t0.replaceFirst("^<([\\w-]+)[^>]*>$", "<$1>") + " where it is not allowed";
        }
        if (jsoup.startsWith("Unexpected character '\0'") || jsoup.startsWith("Unexpected character '\uFFFD'")) {
            return null; // reported by the control-characters rule from the text itself
        }
        if (jsoup.startsWith("Unexpected character")) {
            String state = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1);
            return switch (state) {
                case "AfterAttributeValue_quoted" -> "attributes run together without a space between them";
                case "TagOpen" -> "a '<' that opens no tag (an unescaped '<' in the text)";
                case "AttributeValue_unquoted" -> "an unquoted attribute value holding a quote, '=', '<' or '`'";
                case "SelfClosingStartTag" -> "a '/' inside a tag that does not end it (a URL outside quotes?)";
                case "AttributeName", "BeforeAttributeName" -> "a quote or '<' inside an attribute name";
                default -> "malformed tag: unexpected character in " + state.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            };
        }
        if (jsoup.contains("cannot be self-closing")) {
            return "element <" + t0 + "/> written self-closing though it needs an end tag";
        }
        return jsoup.replaceAll(" when in state \\[.*?]", "");
    }

    private int lineAt(String s, int offset) {
        if (!multiLine) {
            return firstLine;
        }
        int n = firstLine;
        for (int i = 0; i < offset && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String at(String s, int offset) {
        int lineStart = s.lastIndexOf('\n', Math.max(0, Math.min(offset, s.length()) - 1)) + 1;
        return " (column " + (offset - lineStart + 1) + ")";
    }

    /**
     * The date div: the body's first element, a {@code div} holding only a short date-like text,
     * possibly inside {@code <i>} after an author and {@code <br>}.
     */
    private static Optional<Stated> dateDiv(Element body, int line) {
        Element first = body.firstElementChild();
        if (first == null || !first.normalName().equals("div")) {
            return Optional.empty();
        }
        Element holder = first;
        if (first.childrenSize() == 1 && first.child(0).normalName().equals("i") && first.ownText().isBlank()) {
            holder = first.child(0);
        } else if (first.childrenSize() > 0) {
            return Optional.empty();
        }
        StringBuilder after = new StringBuilder();
        for (Node n : holder.childNodes()) {
            if (n instanceof Element e && e.normalName().equals("br")) {
                after.setLength(0);
            } else if (n instanceof TextNode t) {
                after.append(t.getWholeText());
            } else if (n instanceof Element e) {
                after.append(e.text());
            }
        }
        String text = after.toString().strip();
        return PublishedDates.looksLikeDate(text) ? Optional.of(new Stated(text, line)) : Optional.empty();
    }

    /** The single walk over the body. */
    private final class Walk implements NodeVisitor {
        boolean hasText;
        int images;
        int embeds;
        final List<Problem> imagesWithoutSource = new ArrayList<>();
        int maxDepth;
        int deepestLine;
        int elements;
        Stated time;
        boolean glued;
        private final java.util.ArrayDeque<int[]> figures = new java.util.ArrayDeque<>();

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e && e.normalName().equals("figure") && !figures.isEmpty()) {
                int[] at = figures.pop();
                if (images == at[0] && imagesWithoutSource.size() == at[1] && embeds == at[2]) {
                    imagesWithoutSource.add(new Problem(lineOf(e), "<figure> without an image"));
                }
            }
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
                if (!hasText && !t.isBlank()) {
                    hasText = true;
                }
                return;
            }
            if (!(node instanceof Element e)) {
                return;
            }
            elements++;
            if (e.normalName().indexOf('=') >= 0) {
                glued = true;
            }
            if (depth > maxDepth) {
                maxDepth = depth;
                if (depth > Body.DEEP && deepestLine == 0) {
                    deepestLine = lineOf(e);
                }
            }
            switch (e.normalName()) {
                case "img" -> image(e);
                case "a", "area" -> add(e, "href", Role.LINK);
                case "figure" -> figures.push(new int[] {images, imagesWithoutSource.size(), embeds});
                case "iframe", "embed", "audio" -> {
                    if (add(e, "src", Role.EMBED)) {
                        embeds++;
                    }
                }
                case "script" -> add(e, "src", Role.EMBED);
                case "object" -> add(e, "data", Role.EMBED);
                case "video", "picture", "svg" -> {
                    embeds++;
                    add(e, "src", Role.EMBED);
                    if (add(e, "poster", Role.IMAGE)) {
                        images++;
                    }
                }
                case "source" -> {
                    add(e, "src", Role.EMBED);
                    if (srcset(e)) {
                        images++;
                    }
                }
                case "time" -> {
                    if (time == null && elements <= DATE_SCAN_ELEMENTS && e.hasAttr("datetime")) {
                        time = new Stated(e.attr("datetime"), lineOf(e));
                    }
                }
                default -> {
                    // no URL attributes
                }
            }
        }

        private void image(Element e) {
            boolean any = add(e, "src", Role.IMAGE);
            any |= srcset(e);
            for (int i = 0; !any && i < LAZY.length; i++) {
                any = add(e, LAZY[i], Role.IMAGE);
            }
            if (any) {
                images++;
            } else if (e.attr("src").strip().regionMatches(true, 0, "data:", 0, 5)) {
                imagesWithoutSource.add(new Problem(lineOf(e), "<img> has only a data: placeholder (a lazy-loaded image that was not captured)"));
            } else {
                imagesWithoutSource.add(new Problem(lineOf(e), e.hasAttr("src") ? "<img> with an empty src" : "<img> without src or srcset"));
            }
        }

        private boolean add(Element e, String attribute, Role role) {
            if (!e.hasAttr(attribute)) {
                return false;
            }
            return add(e.attr(attribute), role, lineOf(e));
        }

        private boolean add(String value, Role role, int line) {
            Optional<Links.Made> made = Links.of(value, role, base, line);
            if (made.isEmpty()) {
                return false;
            }
            Link link = made.get().link();
            links.add(link);
            made.get().urlProblem().ifPresent(why -> unusable.add(new Problem(line, describe(link, why))));
            made.get().encodingProblem().ifPresent(why -> encoding.add(new Problem(line, describe(link, why))));
            return true;
        }

        /** Each candidate of a srcset: a URL, then descriptors up to a comma. */
        private boolean srcset(Element e) {
            String set = e.attr("srcset");
            boolean any = false;
            int i = 0;
            int n = set.length();
            while (i < n) {
                while (i < n && (Character.isWhitespace(set.charAt(i)) || set.charAt(i) == ',')) {
                    i++;
                }
                int start = i;
                while (i < n && !Character.isWhitespace(set.charAt(i))) {
                    i++;
                }
                String url = set.substring(start, i);
                while (url.endsWith(",")) {
                    url = url.substring(0, url.length() - 1);
                }
                if (!url.isEmpty()) {
                    any |= add(url, Role.IMAGE, lineOf(e));
                }
                while (i < n && set.charAt(i) != ',') {
                    i++;
                }
            }
            return any;
        }

        private int lineOf(Element e) {
            if (!multiLine) {
                return firstLine;
            }
            int l = e.sourceRange().start().lineNumber();
            return l > 0 ? firstLine + l - 1 : firstLine;
        }
    }
}
