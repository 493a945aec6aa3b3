package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code url-invalid}: a URL in the body that is not usable (no host, spaces, not resolvable). */
final class UrlInvalidRule extends BaseRule {
    UrlInvalidRule() {
        super("url-invalid", Severity.WARNING,
                "A URL in the body is unusable: relative with no source URL to resolve against, without a host, with spaces or bad characters.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.linkProblems().unusable().forEach(p -> sink.report(p.line(), p.message()));
    }
}
