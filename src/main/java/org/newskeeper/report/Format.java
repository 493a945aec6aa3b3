package org.newskeeper.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Dates and small texts as all the reports show them. */
final class Format {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String day(Optional<Instant> t) {
        return t.map(DAY::format).orElse("never");
    }

    /** A chart label: {@code MM-dd HH:mm} (UTC). */
    static String tick(Instant t) {
        return TICK.format(t);
    }

    static String minute(Instant t) {
        return MINUTE.format(t);
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** {@code 301 → 302 → final} as one line. */
    static String chain(Report.LinkProblem p) {
        if (p.redirects().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (var h : p.redirects()) {
            b.append(h.url()).append(" (").append(h.code()).append(") -> ");
        }
        b.append(p.finalUrl().orElse("?"));
        return b.toString();
    }

    static String code(Report.LinkProblem p) {
        return p.code().map(String::valueOf).orElse("");
    }
}
