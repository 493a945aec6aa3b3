package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code front-matter-invalid}: jekyll front matter that is never closed. */
final class FrontMatterInvalidRule extends BaseRule {
    FrontMatterInvalidRule() {
        super("front-matter-invalid", Severity.ERROR, "A jekyll file's YAML front matter is not closed with '---'.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.header().frontMatterProblem().ifPresent(p -> sink.report(p.line(), p.message()));
    }
}
