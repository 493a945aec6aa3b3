package org.newskeeper.rules;

import java.time.Duration;
import java.time.Instant;
import org.newskeeper.corpus.ParsedArticle;

/** {@code published-after-timestamp}: the stated publication is over an hour after the feed timestamp. */
final class PublishedAfterTimestampRule extends BaseRule {
    static final Duration SLACK = Duration.ofHours(1);

    PublishedAfterTimestampRule() {
        super("published-after-timestamp", Severity.WARNING,
                "The publication time the body states is more than an hour after the feed timestamp.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.article().timestamp().isEmpty() || a.article().published().isEmpty()) {
            return;
        }
        Instant ts = a.article().timestamp().get();
        if (ts.isBefore(TimestampInvalidRule.EARLIEST)) {
            return;
        }
        Instant published = a.article().published().get();
        if (published.isAfter(ts.plus(SLACK))) {
            Duration d = Duration.between(ts, published);
            int line = a.header().date().map(s -> s.line()).orElse(a.body().line());
            sink.report(line, "published " + published + ", " + human(d) + " after the feed timestamp " + ts);
        }
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 120) {
            return minutes + " minutes";
        }
        long hours = d.toHours();
        return hours < 48 ? hours + " hours" : d.toDays() + " days";
    }
}
