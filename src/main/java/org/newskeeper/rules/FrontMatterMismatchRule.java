package org.newskeeper.rules;

import java.util.Optional;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.ParsedArticle;

/**
 * {@code front-matter-mismatch}: a jekyll file whose front matter names another title or source
 * URL than its title link (runs of whitespace count as one space).
 */
final class FrontMatterMismatchRule extends BaseRule {
    FrontMatterMismatchRule() {
        super("front-matter-mismatch", Severity.WARNING,
                "A jekyll file's front matter 'title' or 'from' differs from its title link.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        var fm = a.header().frontMatter();
        compare(fm.get("title"), a.article().title(), "title", a.header().titleLine(), sink);
        compare(fm.get("from"), a.article().source(), "from", a.header().sourceLine(), sink);
    }

    private static void compare(String stated, Optional<String> linked, String field, int line, Sink sink) {
        if (stated == null || stated.isBlank() || linked.isEmpty()) {
            return;
        }
        // titles spanning lines or with runs of spaces are compared as read: whitespace runs as one space
        if (!ArticleParser.collapseWhitespace(stated).equals(ArticleParser.collapseWhitespace(linked.get()))) {
            sink.report(line, "front matter " + field + " '" + SourceUrlInvalidRule.abbreviate(stated.strip())
                    + "' differs from the title link's '" + SourceUrlInvalidRule.abbreviate(linked.get()) + "'");
        }
    }
}
