package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.corpus.PublishedDates;
import org.newskeeper.links.Urls;

/** {@code date-invalid}: a date div, time element or {@code 日期：} line that does not parse. */
final class DateInvalidRule extends BaseRule {
    DateInvalidRule() {
        super("date-invalid", Severity.WARNING,
                "A stated publication date does not parse: the 日期： line (RFC 2822), the date div (RFI dd/MM/yyyy - HH:mm and the other sites' forms) or a <time datetime>.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.header().date().ifPresent(d -> {
            PublishedDates.Parsed p = PublishedDates.rfc2822(d.text());
            if (!p.valid()) {
                sink.report(d.line(), "日期 line: " + p.problem());
            }
        });
        String host = a.article().source().map(s -> Urls.split(s).host()).orElse("");
        a.body().dateDiv().ifPresent(d -> {
            PublishedDates.Parsed p = PublishedDates.div(d.text(), host);
            if (!p.valid()) {
                sink.report(d.line() > 0 ? d.line() : a.body().line(), "date: " + p.problem());
            }
        });
    }
}
