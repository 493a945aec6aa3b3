package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code crlf-line-endings}: lines end with CR LF instead of LF. */
final class CrlfLineEndingsRule extends BaseRule {
    CrlfLineEndingsRule() {
        super("crlf-line-endings", Severity.WARNING, "Lines end with CR LF (Windows) instead of LF.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        int crlf = a.bytes().crlfLines();
        if (crlf > 0) {
            sink.report(1, crlf + " of " + a.bytes().lines() + " lines end with CR LF instead of LF");
        }
    }
}
