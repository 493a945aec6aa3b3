package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code date-invalid}: a date div, time element or {@code 日期：} line that does not parse. */
final class DateInvalidRule extends BaseRule {
    DateInvalidRule() {
        super("date-invalid", Severity.WARNING,
                "A stated publication date does not parse: the 日期： line (RFC 2822), the date div (RFI dd/MM/yyyy - HH:mm and the other sites' forms) or a <time datetime>.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        for (ParsedArticle.StatedDate d : a.statedDates()) {
            if (!d.parsed().valid()) {
                sink.report(d.stated().line(), d.kind() + ": " + d.parsed().problem());
            }
        }
    }
}
