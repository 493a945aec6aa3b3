package org.newskeeper.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;

/** Turns an article file into an {@link Article}. Never throws: defects are left to the rules. */
public final class ArticleParser {
    private static final Pattern TIMESTAMP = Pattern.compile("<!--(\\d+)-->");
    private static final Pattern TITLE = Pattern.compile("\\[(.*)\\]\\((\\S+)\\)");

    private ArticleParser() {
    }

    /** Preliminary parser of the canonical shape; the full one replaces it. */
    public static Article parse(CorpusFile f) {
        String text;
        try {
            text = new String(Files.readAllBytes(f.file()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        Optional<Instant> ts = Optional.empty();
        Matcher m = TIMESTAMP.matcher(text);
        if (m.find()) {
            ts = Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1))));
        }
        Optional<String> title = Optional.empty();
        Optional<String> source = Optional.empty();
        List<Link> links = new ArrayList<>();
        Matcher t = TITLE.matcher(text);
        if (t.find()) {
            title = Optional.of(t.group(1));
            source = Optional.of(t.group(2));
            links.add(new Link(t.group(2), Role.SOURCE, t.group(2), Optional.empty(), 2));
        }
        return new Article(f.path(), f.file(), Dialect.CANONICAL, ts, title, source, Optional.empty(), links);
    }
}
