package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code percent-encoding-invalid}: a malformed {@code %} sequence, or escapes that are not UTF-8. */
final class PercentEncodingInvalidRule extends BaseRule {
    PercentEncodingInvalidRule() {
        super("percent-encoding-invalid", Severity.WARNING,
                "A URL has a malformed '%' sequence or percent-escapes whose bytes are not UTF-8.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.linkProblems().encoding().forEach(p -> sink.report(p.line(), p.message()));
    }
}
