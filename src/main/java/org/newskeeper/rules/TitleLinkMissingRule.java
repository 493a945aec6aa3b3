package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code title-link-missing}: no markdown title link {@code [title](url)}. */
final class TitleLinkMissingRule extends BaseRule {
    TitleLinkMissingRule() {
        super("title-link-missing", Severity.ERROR, "The file has no markdown title link '[title](source URL)'.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.bytes().readError().isEmpty()) {
            a.header().titleProblem().ifPresent(p -> sink.report(p.line(), p.message()));
        }
    }
}
