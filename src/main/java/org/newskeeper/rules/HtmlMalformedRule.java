package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code html-malformed}: glued attributes, stray or missing end tags, a body cut off inside a tag. */
final class HtmlMalformedRule extends BaseRule {
    HtmlMalformedRule() {
        super("html-malformed", Severity.WARNING,
                "The body's HTML is malformed: tag names glued to attributes (<imgsrc=), attributes run together, stray or missing end tags, a body cut off inside a tag.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.body().htmlProblems().forEach(p -> sink.report(p.line(), p.message()));
    }
}
