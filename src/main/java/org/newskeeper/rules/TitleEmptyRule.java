package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code title-empty}: the title link has no title text. */
final class TitleEmptyRule extends BaseRule {
    TitleEmptyRule() {
        super("title-empty", Severity.ERROR, "The title link's text is empty: '[](url)'.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.article().title().filter(String::isBlank)
                .ifPresent(t -> sink.report(a.header().titleLine(), "the title link has an empty title"));
    }
}
