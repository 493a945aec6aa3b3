package org.newskeeper.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.newskeeper.corpus.ParsedArticle;

/** {@code timestamp-invalid}: the timestamp is not epoch milliseconds between 1995 and tomorrow. */
final class TimestampInvalidRule extends BaseRule {
    static final Instant EARLIEST = Instant.parse("1995-01-01T00:00:00Z");

    TimestampInvalidRule() {
        super("timestamp-invalid", Severity.ERROR,
                "The feed timestamp is not epoch milliseconds between 1995-01-01 and now + 1 day.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.header().timestamp().ifPresent(t -> {
            Optional<Instant> ts = a.article().timestamp();
            if (ts.isEmpty()) {
                sink.report(t.line(), "timestamp '" + t.text() + "' is not a number of epoch milliseconds");
                return;
            }
            Instant latest = Instant.now().plus(Duration.ofDays(1));
            if (ts.get().isBefore(EARLIEST)) {
                sink.report(t.line(), "timestamp " + t.text() + " is " + ts.get() + ", before 1995"
                        + (t.text().length() <= 10 ? " (seconds instead of milliseconds?)" : ""));
            } else if (ts.get().isAfter(latest)) {
                sink.report(t.line(), "timestamp " + t.text() + " is " + ts.get() + ", in the future");
            }
        });
    }
}
