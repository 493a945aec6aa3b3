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

    /**
     * The URL as a person reads it: path and query percent-decoded as UTF-8
     * ({@code https://www.rfi.fr/cn/中国/20231109-…}); the URL itself when they do not decode.
     * Only for showing: link targets and copies keep the exact URL.
     */
    static String display(String url) {
        try {
            org.newskeeper.links.Urls.Parts p = org.newskeeper.links.Urls.split(url);
            String tail = p.path() + (p.hasQuery() ? "?" + p.query() : "");
            if (tail.isEmpty() || tail.indexOf('%') < 0) {
                return url;
            }
            int from = url.indexOf("//");
            int at = url.indexOf(tail, from < 0 ? 0 : from + 2);
            if (at < 0) {
                return url;
            }
            Optional<String> text = org.newskeeper.links.PercentDecoding.decode(tail).text();
            return text.map(t -> url.substring(0, at) + t + url.substring(at + tail.length())).orElse(url);
        } catch (RuntimeException e) {
            return url;
        }
    }

    static String code(Report.LinkProblem p) {
        return p.code().map(String::valueOf).orElse("");
    }
}
