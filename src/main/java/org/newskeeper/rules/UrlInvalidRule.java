package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.links.Urls;

/** {@code url-invalid}: a URL in the body that is not usable (no host, spaces, not resolvable). */
final class UrlInvalidRule extends BaseRule {
    UrlInvalidRule() {
        super("url-invalid", Severity.WARNING,
                "A URL in the body is unusable: relative with no source URL to resolve against, without a host, with spaces or bad characters.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        for (Link link : a.article().links()) {
            if (link.role() == Role.SOURCE) {
                continue;
            }
            Urls.problem(link.url()).ifPresent(p -> sink.report(link.line(),
                    link.role().id() + " URL '" + SourceUrlInvalidRule.abbreviate(link.url()) + "' " + p));
        }
    }
}
