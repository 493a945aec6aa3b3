package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code separator-missing}: no {@code ------} line between the header and the body. */
final class SeparatorMissingRule extends BaseRule {
    SeparatorMissingRule() {
        super("separator-missing", Severity.ERROR, "The '------' line between the title link and the body is missing.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.bytes().readError().isEmpty() && a.header().separatorLine() == 0) {
            int after = Math.max(a.header().sourceLine(), a.header().titleLine());
            sink.report(after + 1, "no '------' separator line after the title link");
        }
    }
}
