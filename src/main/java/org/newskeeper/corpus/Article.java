package org.newskeeper.corpus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.newskeeper.links.Link;

/**
 * One scraped article file, as read. Absent parts are empty, never null: a defective file still
 * yields an Article, and the rules report what is missing.
 *
 * @param path      the file's path relative to the corpus root given, with '/' separators
 * @param file      the file on disk
 * @param dialect   the shape of the file
 * @param timestamp the feed timestamp ({@code <!--millis-->})
 * @param title     the title from the title link
 * @param source    the source URL from the title link, as written
 * @param published the publication time the body states (RFI date div, CDT 日期 line)
 * @param links     every URL of the article with its role; the source URL first
 */
public record Article(
        String path,
        Path file,
        Dialect dialect,
        Optional<Instant> timestamp,
        Optional<String> title,
        Optional<String> source,
        Optional<Instant> published,
        List<Link> links) {
}
