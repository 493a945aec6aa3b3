package org.newskeeper.corpus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.newskeeper.links.Urls;

/**
 * Everything the parser saw in one file, for the rules: the {@link Article}, facts about the bytes,
 * the header lines as written and the body parsed once by jsoup. Held for one file at a time.
 *
 * @param article  the article
 * @param bytes    facts about the file's bytes and text
 * @param header   the header lines as written
 * @param body     the body: its jsoup document (when there is a body) and what one walk over it found
 * @param linkProblems what is wrong with the article's URLs, found once while the links were made
 * @param statedDates the dates the article states (日期 line, date div or time element), each parsed once
 */
public record ParsedArticle(Article article, Bytes bytes, Header header, Body body, LinkProblems linkProblems,
                            List<StatedDate> statedDates) {

    /**
     * A date the article states, as written, and how it parsed.
     *
     * @param stated  the text and its line
     * @param kind    where it is written: {@code 日期 line} or {@code date}
     * @param parsed  the outcome of parsing it
     */
    public record StatedDate(Stated stated, String kind, PublishedDates.Parsed parsed) {
    }

    /**
     * What is wrong with the article's URLs.
     *
     * @param unusable  URLs of the body that are unusable (the source URL has its own rule)
     * @param encoding  URLs, the source included, whose path and query do not percent-decode to UTF-8
     */
    public record LinkProblems(List<Problem> unusable, List<Problem> encoding) {
        public LinkProblems {
            unusable = List.copyOf(unusable);
            encoding = List.copyOf(encoding);
        }
    }

    /** A piece of text as written in the file and its 1-based line. */
    public record Stated(String text, int line) {
    }

    /** A problem seen at a line of the file. */
    public record Problem(int line, String message) {
    }

    /**
     * Facts about the file's bytes.
     *
     * @param readError     why the file could not be read, if it could not
     * @param size          the file size in bytes
     * @param bom           whether the file starts with a UTF-8 byte order mark
     * @param invalidUtf8   where the bytes stop being UTF-8 (line, byte offset), if they do
     * @param controlChar   the first NUL or other control character (line, which), if any
     * @param crlfLines     how many lines end with CR LF
     * @param lines         how many lines the file has
     */
    public record Bytes(Optional<String> readError, long size, boolean bom, Optional<Problem> invalidUtf8,
                        Optional<Problem> controlChar, int crlfLines, int lines) {
    }

    /**
     * The header as written.
     *
     * @param frontMatter     the YAML front matter fields (jekyll), name to value as written
     * @param frontMatterProblem why the front matter is unusable, if it is
     * @param timestamp       the text inside {@code <!--...-->}, if there is such a line
     * @param titleLine       the line where the title link starts, 0 when there is none
     * @param titleProblem    why the title link could not be read, if it could not
     * @param sourceLine      the line where the source URL is written, 0 when none
     * @param separatorLine   the line of {@code ------}, 0 when there is none
     * @param date            the {@code 日期：} line's date text (CDT), if any
     * @param sourceParts     the source URL split once, if there is one
     * @param sourceProblem   why the source URL is unusable, if it is (not yet whether it is http)
     */
    public record Header(Map<String, String> frontMatter, Optional<Problem> frontMatterProblem,
                         Optional<Stated> timestamp, int titleLine, Optional<Problem> titleProblem,
                         int sourceLine, int separatorLine, Optional<Stated> date,
                         Optional<Urls.Parts> sourceParts, Optional<String> sourceProblem) {
    }

    /**
     * The body.
     *
     * @param line          the line where the body starts, 0 when there is no body
     * @param document      the body parsed by jsoup, empty when there is no body
     * @param hasText       whether the body has visible text
     * @param images        how many images the body cites
     * @param imagesWithoutSource images announced but missing: img elements without src or srcset, figures without image
     * @param dateDiv       the date the body states in its date div or time element, if any
     * @param maxDepth      the deepest element nesting
     * @param deepestLine   the line of the first element nested deeper than {@link #DEEP}
     * @param htmlProblems  malformed HTML: glued attributes, stray and unclosed tags, truncation
     */
    public record Body(int line, Optional<Document> document, boolean hasText, int images,
                       List<Problem> imagesWithoutSource, Optional<Stated> dateDiv, int maxDepth,
                       int deepestLine, List<Problem> htmlProblems) {
        /** Nesting depth beyond which a body is unusually deep. */
        public static final int DEEP = 256;
    }
}
