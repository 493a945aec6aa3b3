package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.links.Link;
import org.newskeeper.links.PercentDecoding;
import org.newskeeper.links.Urls;

/** {@code percent-encoding-invalid}: a malformed {@code %} sequence, or escapes that are not UTF-8. */
final class PercentEncodingInvalidRule extends BaseRule {
    PercentEncodingInvalidRule() {
        super("percent-encoding-invalid", Severity.WARNING,
                "A URL has a malformed '%' sequence or percent-escapes whose bytes are not UTF-8.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        for (Link link : a.article().links()) {
            if (link.url().indexOf('%') < 0) {
                continue;
            }
            Urls.Parts p = Urls.split(link.url());
            String tail = p.path() + (p.hasQuery() ? "?" + p.query() : "");
            PercentDecoding.decode(tail).problem().ifPresent(why -> sink.report(link.line(),
                    link.role().id() + " URL '" + SourceUrlInvalidRule.abbreviate(link.url()) + "': " + why));
        }
    }
}
