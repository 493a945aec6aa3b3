package org.newskeeper.rules;

import org.newskeeper.corpus.Dialect;
import org.newskeeper.corpus.ParsedArticle;

/** {@code timestamp-missing}: no {@code <!--millis-->} line where the dialect needs one. */
final class TimestampMissingRule extends BaseRule {
    TimestampMissingRule() {
        super("timestamp-missing", Severity.ERROR,
                "The file has no feed timestamp line '<!--epoch millis-->' (CDT files, which date themselves with 日期：, need none).");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.bytes().readError().isEmpty() && a.header().timestamp().isEmpty() && a.article().dialect() != Dialect.CDT) {
            int line = a.header().frontMatter().isEmpty() ? 1 : a.header().titleLine();
            sink.report(Math.max(line, 1), "no feed timestamp line '<!--epoch millis-->' before the title link");
        }
    }
}
