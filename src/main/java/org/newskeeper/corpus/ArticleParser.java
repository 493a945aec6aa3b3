package org.newskeeper.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.links.Link;
import org.newskeeper.links.Links;
import org.newskeeper.links.Role;
import org.newskeeper.links.Urls;
import org.newskeeper.corpus.ParsedArticle.Bytes;
import org.newskeeper.corpus.ParsedArticle.Header;
import org.newskeeper.corpus.ParsedArticle.Problem;
import org.newskeeper.corpus.ParsedArticle.Stated;

/**
 * Turns an article file into an {@link Article}. Never throws: a defective file still yields an
 * article, and what is wrong is left in the {@link ParsedArticle} for the rules to report.
 *
 * <p>Shapes read: canonical ({@code <!--millis-->}, {@code [title](url)} possibly over several
 * lines and with {@code ]} inside, {@code ------}, an empty line, the HTML body), jekyll (YAML front
 * matter first) and cdt (no timestamp line; a {@code 日期：} line after the separator).
 */
public final class ArticleParser {
    private static final int MAX_TITLE_LINES = 20;
    /** Files larger than this are not read at all: no article comes near it. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private ArticleParser() {
    }

    /** Reads and parses one file into an article; never throws. */
    public static Article parse(CorpusFile f) {
        return read(f).article();
    }

    /** Reads and parses one file with everything the rules need; never throws. */
    public static ParsedArticle read(CorpusFile f) {
        if (f.problem().isPresent()) {
            return unreadable(f.path(), f.file(), f.problem().get(), -1);
        }
        byte[] bytes;
        try {
            // the attributes first: a pipe would block the read forever, a device never ends
            java.nio.file.attribute.BasicFileAttributes attrs = Files.readAttributes(f.file(),
                    java.nio.file.attribute.BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return unreadable(f.path(), f.file(), "is not a regular file (a pipe, socket or device) and is not read", -1);
            }
            long size = attrs.size();
            if (size > MAX_BYTES) {
                return unreadable(f.path(), f.file(), "is " + size / (1024 * 1024) + " MiB, too large to be an article (limit "
                        + MAX_BYTES / (1024 * 1024) + " MiB)", size);
            }
            try (java.io.InputStream in = Files.newInputStream(f.file())) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                long read = bytes.length;
                bytes = null;
                return unreadable(f.path(), f.file(), "grew past " + MAX_BYTES / (1024 * 1024) + " MiB while being read", read);
            }
        } catch (IOException | OutOfMemoryError | SecurityException e) {
            return unreadable(f.path(), f.file(), "cannot be read: " + describe(e), size(f.file()));
        }
        org.newskeeper.Activity.reading(f.file());
        try {
            return parse(f.path(), f.file(), bytes);
        } finally {
            org.newskeeper.Activity.done();
        }
    }

    /** Parses a file's bytes; never throws. */
    public static ParsedArticle parse(String path, Path file, byte[] bytes) {
        try {
            return new Reading(path, file, bytes).read();
        } catch (OutOfMemoryError e) {
            return unreadable(path, file, "is too large to parse in the memory given (" + bytes.length / (1024 * 1024)
                    + " MiB); lower [corpus] max_file_size or give Java more heap", bytes.length);
        } catch (RuntimeException | StackOverflowError e) {
            return unreadable(path, file, "could not be parsed: " + describe(e), bytes.length);
        }
    }

    /**
     * Why a parsed file is not an article in any dialect (canonical, jekyll, cdt): its name is not
     * {@code *.md}, or it has neither a timestamp line, a title link, front matter nor a 日期 line.
     * Empty when it is an article (perhaps a defective one) or could not be read.
     */
    public static Optional<String> notAnArticle(ParsedArticle parsed) {
        if (parsed.bytes().readError().isPresent()) {
            return Optional.empty();
        }
        String name = parsed.article().file().getFileName().toString();
        if (!name.endsWith(".md")) {
            return Optional.of("is not an article: not a .md file");
        }
        Header h = parsed.header();
        boolean shaped = h.timestamp().isPresent() || h.titleLine() > 0 || h.date().isPresent()
                || !h.frontMatter().isEmpty() || parsed.article().dialect() == Dialect.JEKYLL;
        return shaped ? Optional.empty()
                : Optional.of("is not an article in any dialect (canonical, jekyll, cdt): no timestamp line, title link,"
                        + " front matter or 日期 line");
    }

    /** Reads a file named on the command line and says why it is not an article, if it is not. */
    public static Optional<String> notAnArticle(Path file) {
        if (!file.getFileName().toString().endsWith(".md")) {
            return Optional.of("is not an article: not a .md file");
        }
        Path parent = file.toAbsolutePath().getParent();
        return notAnArticle(read(new CorpusFile(parent, file, file.getFileName().toString())));
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private static ParsedArticle unreadable(String path, Path file, String why, long size) {
        Article a = new Article(path, file, Dialect.CANONICAL, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        Bytes b = new Bytes(Optional.of(why), size, false, Optional.empty(), Optional.empty(), 0, 0);
        Header h = new Header(Map.of(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty());
        return new ParsedArticle(a, b, h, BodyReader.none(), new ParsedArticle.LinkProblems(List.of(), List.of()), List.of());
    }

    /** The state of reading one file: a cursor over its lines and what the header gave so far. */
    private static final class Reading {
        private final String path;
        private final Path file;
        private final byte[] bytes;
        private String text;
        private int pos;
        private int line = 1;

        private final Map<String, String> frontMatter = new LinkedHashMap<>();
        private Optional<Problem> frontMatterProblem = Optional.empty();
        private boolean jekyll;
        private Optional<Stated> timestamp = Optional.empty();
        private int titleLine;
        private int sourceLine;
        private Optional<Problem> titleProblem = Optional.empty();
        private Optional<String> title = Optional.empty();
        private Optional<String> source = Optional.empty();
        private int separatorLine;
        private Optional<Stated> date = Optional.empty();

        Reading(String path, Path file, byte[] bytes) {
            this.path = path;
            this.file = file;
            this.bytes = bytes;
        }

        ParsedArticle read() {
            Bytes facts = decode();
            readFrontMatter();
            skipBlankLines();
            readTimestamp();
            readTitleLink();
            skipBlankLines();
            readSeparator();
            skipBlankLines();
            readDateLine();

            List<Link> links = new ArrayList<>();
            List<Problem> unusable = new ArrayList<>();
            List<Problem> encoding = new ArrayList<>();
            Optional<Urls.Parts> sourceParts = source.map(Urls::split);
            Optional<String> sourceProblem = Optional.empty();
            if (source.isPresent()) {
                Links.Made made = Links.make(source.get(), Role.SOURCE, sourceLine);
                links.add(made.link());
                sourceProblem = made.urlProblem();
                if (made.encodingProblem().isPresent()) {
                    encoding.add(new Problem(sourceLine, BodyReader.describe(made.link(), made.encodingProblem().get())));
                }
            }
            int bodyLine = pos < text.length() ? line : 0;
            ParsedArticle.Body body = bodyLine == 0 ? BodyReader.none()
                    : new BodyReader(text.substring(pos), bodyLine, source.filter(Urls::isAbsolute), links, unusable, encoding).read();

            String host = sourceParts.map(Urls.Parts::host).orElse("");
            List<ParsedArticle.StatedDate> dates = new ArrayList<>(2);
            date.ifPresent(d -> dates.add(new ParsedArticle.StatedDate(d, "日期 line", PublishedDates.rfc2822(d.text()))));
            body.dateDiv().ifPresent(d -> dates.add(new ParsedArticle.StatedDate(d, "date", PublishedDates.div(d.text(), host))));
            Optional<Instant> published = dates.stream().flatMap(d -> d.parsed().instant().stream()).findFirst();

            Dialect dialect = jekyll ? Dialect.JEKYLL : date.isPresent() ? Dialect.CDT : Dialect.CANONICAL;
            Header header = new Header(Map.copyOf(frontMatter), frontMatterProblem, timestamp, titleLine, titleProblem,
                    sourceLine, separatorLine, date, sourceParts, sourceProblem);
            Article article = new Article(path, file, dialect, timestamp.flatMap(t -> epochMillis(t.text())), title, source,
                    published, List.copyOf(links));
            return new ParsedArticle(article, facts, header, body, new ParsedArticle.LinkProblems(unusable, encoding), List.copyOf(dates));
        }

        /** Jekyll: {@code ---}, {@code key: value} lines, {@code ---}. Unclosed, it ends before the timestamp or title. */
        private void readFrontMatter() {
            String first = peekLine();
            if (first == null || !first.strip().equals("---")) {
                return;
            }
            jekyll = true;
            int start = line;
            int savePos = pos;
            nextLine();
            for (String l = nextLine(); l != null; l = nextLine()) {
                if (l.strip().equals("---")) {
                    return;
                }
                int colon = l.indexOf(':');
                if (colon > 0 && !Character.isWhitespace(l.charAt(0))) {
                    frontMatter.put(l.substring(0, colon).strip(), unquote(l.substring(colon + 1).strip()));
                }
            }
            frontMatterProblem = Optional.of(new Problem(start, "the front matter opened with '---' at line " + start
                    + " is never closed with '---'"));
            frontMatter.clear();
            pos = savePos;
            line = start;
            nextLine();
            for (String fm = peekLine(); fm != null && !fm.startsWith("<!--") && !fm.startsWith("["); fm = peekLine()) {
                nextLine();
            }
        }

        /** {@code <!--millis-->}: the text inside is kept as written. */
        private void readTimestamp() {
            String l = peekLine();
            if (l == null || !l.stripLeading().startsWith("<!--")) {
                return;
            }
            String inner = l.strip().substring(4);
            if (inner.endsWith("-->")) {
                inner = inner.substring(0, inner.length() - 3);
            }
            timestamp = Optional.of(new Stated(inner.strip(), line));
            nextLine();
            skipBlankLines();
        }

        /** {@code [title](url)}, possibly over several lines, before the separator. */
        private void readTitleLink() {
            String l = peekLine();
            if (l == null || isSeparator(l)) {
                titleProblem = Optional.of(new Problem(Math.max(1, line), "there is no title link '[title](url)' before the separator"));
                return;
            }
            if (!l.stripLeading().startsWith("[")) {
                titleProblem = Optional.of(new Problem(line, "expected the title link '[title](url)' at line " + line
                        + ", found '" + abbreviate(l.strip(), 60) + "'"));
                skipToSeparator();
                return;
            }
            titleLine = line;
            int savePos = pos;
            StringBuilder block = new StringBuilder();
            for (int n = 0; n < MAX_TITLE_LINES; n++) {
                String next = peekLine();
                if (next == null || (n > 0 && isSeparator(next))) {
                    break;
                }
                nextLine();
                if (n > 0) {
                    block.append('\n');
                }
                block.append(next);
                String[] split = splitTitleLink(block.toString().strip());
                if (split != null) {
                    title = Optional.of(collapseWhitespace(split[0]));
                    source = split[1].isEmpty() ? Optional.empty() : Optional.of(split[1]);
                    sourceLine = line - 1;
                    return;
                }
            }
            titleProblem = Optional.of(new Problem(titleLine, "the title link starting at line " + titleLine + " never ends with '](url)'"));
            pos = savePos;
            line = titleLine;
            nextLine();
        }

        private void readSeparator() {
            String l = peekLine();
            if (l != null && isSeparator(l)) {
                separatorLine = line;
                nextLine();
            }
        }

        /** CDT: {@code 日期：<RFC 2822 date>} right after the separator. */
        private void readDateLine() {
            String l = peekLine();
            if (l != null && (l.startsWith("日期：") || l.startsWith("日期:"))) {
                date = Optional.of(new Stated(l.substring(3).strip(), line));
                nextLine();
                skipBlankLines();
            }
        }

        /** Decodes the bytes as UTF-8 (replacing what is not) and notes BOM, bad bytes, controls, CRLF. */
        private Bytes decode() {
            int offset = 0;
            boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
            if (bom) {
                offset = 3;
            }
            Optional<Problem> invalid = Optional.empty();
            // the fast decoder replaces what is not UTF-8 with U+FFFD; only then is the exact place looked for
            text = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') >= 0) {
                int bad = firstInvalidUtf8(offset);
                if (bad < bytes.length) {
                    invalid = Optional.of(new Problem(lineOfByte(bad), "byte " + bad + " (0x"
                            + String.format("%02X", bytes[bad] & 0xff) + ") is not valid UTF-8"));
                }
            }
            Optional<Problem> control = Optional.empty();
            int crlf = 0;
            int lines = bytes.length > offset ? 1 : 0;
            // in UTF-8, bytes below 0x20 are only ever the ASCII control characters themselves
            for (int i = offset; i < bytes.length; i++) {
                byte b = bytes[i];
                if (b >= 0x20 || b < 0) {
                    continue;
                }
                if (b == '\n') {
                    if (i > offset && bytes[i - 1] == '\r') {
                        crlf++;
                    }
                    if (i + 1 < bytes.length) {
                        lines++;
                    }
                } else if (b != '\t' && b != '\r' && control.isEmpty()) {
                    control = Optional.of(new Problem(lines, b == 0 ? "NUL byte at byte " + i
                            : String.format("control character U+%04X at byte %d", (int) b, i)));
                }
            }
            return new Bytes(Optional.empty(), bytes.length, bom, invalid, control, crlf, lines);
        }

        private int firstInvalidUtf8(int from) {
            CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
            // a small window, reused: the text was decoded already, only the place of the bad byte is wanted
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
            while (true) {
                CoderResult r = d.decode(in, out, true);
                if (r.isError()) {
                    return in.position();
                }
                if (r.isUnderflow()) {
                    return bytes.length;
                }
                out.clear();
            }
        }

        private int lineOfByte(int offset) {
            int n = 1;
            for (int i = 0; i < offset && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    n++;
                }
            }
            return n;
        }

        /** The next line without its line ending, or null at the end; does not advance. */
        private String peekLine() {
            if (pos >= text.length()) {
                return null;
            }
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = text.length();
            }
            int stop = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            return text.substring(pos, stop);
        }

        private String nextLine() {
            String l = peekLine();
            if (l == null) {
                return null;
            }
            int end = text.indexOf('\n', pos);
            pos = end < 0 ? text.length() : end + 1;
            line++;
            return l;
        }

        /** Moves to a separator line within the next few lines, if there is one; else stays. */
        private void skipToSeparator() {
            int savePos = pos;
            int saveLine = line;
            for (int n = 0; n < MAX_TITLE_LINES; n++) {
                String l = peekLine();
                if (l == null) {
                    break;
                }
                if (isSeparator(l)) {
                    return;
                }
                nextLine();
            }
            pos = savePos;
            line = saveLine;
        }

        private void skipBlankLines() {
            for (String l = peekLine(); l != null && l.isBlank() && pos < text.length(); l = peekLine()) {
                int end = text.indexOf('\n', pos);
                if (end < 0) {
                    return;
                }
                nextLine();
            }
        }
    }

    /** A line of three or more dashes (the writer emits six), surrounding spaces allowed. */
    static boolean isSeparator(String line) {
        String t = line.strip();
        if (t.length() < 3) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits {@code [title](url)} where the title may hold {@code ]}, {@code ](} and line breaks:
     * the link is the last {@code ](} followed by a URL without whitespace up to the final {@code )}.
     *
     * @return title and URL, or null when the text is not (yet) a complete title link
     */
    static String[] splitTitleLink(String block) {
        if (!block.startsWith("[") || !block.endsWith(")")) {
            return null;
        }
        int end = block.length() - 1;
        for (int i = block.lastIndexOf("]("); i > 0; i = block.lastIndexOf("](", i - 1)) {
            if (noWhitespace(block, i + 2, end)) {
                return new String[] {block.substring(1, i), block.substring(i + 2, end)};
            }
        }
        return null;
    }

    /** Runs of whitespace (line breaks of a title spanning lines) as one space, trimmed. */
    public static String collapseWhitespace(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean noWhitespace(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static Optional<Instant> epochMillis(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
