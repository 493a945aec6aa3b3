package org.newskeeper.check;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import okhttp3.Headers;

/** The {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
final class RetryAfter {
    private RetryAfter() {
    }

    /** How long the server asks to wait, from {@code now}; empty when absent or unreadable. Past dates are zero. */
    static Optional<Duration> parse(Headers headers, Instant now) {
        String v = headers.get("Retry-After");
        if (v == null) {
            return Optional.empty();
        }
        v = v.strip();
        if (v.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        Date date = headers.getDate("Retry-After");
        Instant when = null;
        if (date != null) {
            when = date.toInstant();
        } else {
            try {
                when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Duration d = Duration.between(now, when);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }
}
