package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code body-empty}: the body has no visible text. */
final class BodyEmptyRule extends BaseRule {
    BodyEmptyRule() {
        super("body-empty", Severity.ERROR, "The article body has no visible text.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.bytes().readError().isPresent()) {
            return;
        }
        ParsedArticle.Body body = a.body();
        if (body.document().isEmpty()) {
            int after = Math.max(a.header().separatorLine(), a.header().sourceLine());
            sink.report(after + 1, "the article has no body after the header");
        } else if (!body.hasText()) {
            sink.report(body.line(), "the body has no visible text"
                    + (body.images() > 0 ? " (only " + body.images() + " image" + (body.images() > 1 ? "s" : "") + ")" : ""));
        }
    }
}
