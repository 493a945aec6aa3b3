package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code html-nesting-deep}: elements nested deeper than any real page needs. */
final class HtmlNestingDeepRule extends BaseRule {
    HtmlNestingDeepRule() {
        super("html-nesting-deep", Severity.WARNING,
                "Elements are nested more than " + ParsedArticle.Body.DEEP + " deep: tools that recurse over the tree may fail on it.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        ParsedArticle.Body body = a.body();
        if (body.maxDepth() > ParsedArticle.Body.DEEP) {
            sink.report(body.deepestLine(), "elements are nested " + body.maxDepth() + " deep (more than "
                    + ParsedArticle.Body.DEEP + ")");
        }
    }
}
