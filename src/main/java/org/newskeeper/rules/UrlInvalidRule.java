package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code url-invalid}: a URL in the body that is not usable (no host, not resolvable, a doubled scheme, a left entity). */
final class UrlInvalidRule extends BaseRule {
    UrlInvalidRule() {
        super("url-invalid", Severity.WARNING,
                "A URL in the body is unusable: relative with no source URL to resolve against, an http(s) URL without a host,"
                        + " with a bad character in its host or a bad port, a doubled scheme (http://https://) or an HTML entity"
                        + " left by double escaping (&amp;).");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.linkProblems().unusable().forEach(p -> sink.report(p.line(), p.message()));
    }
}
