package org.newskeeper.corpus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The publication dates articles state, in the forms the scraped sites write them. A form that
 * names no zone is read in the site's own zone: RFI writes Paris time, the New York Times Chinese
 * site Beijing time, Reuters UTC. A date without a time of day is valid but gives no instant.
 */
public final class PublishedDates {
    /** RFI's date div: {@code 26/07/2023 - 15:39}, Paris local time. */
    static final Pattern RFI = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}) - (\\d{1,2}):(\\d{2})");
    private static final Pattern CHINESE_DATE = Pattern.compile("(\\d{4})年\\s*(\\d{1,2})月\\s*(\\d{1,2})日");
    private static final Pattern LOCAL_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");
    private static final Pattern OFFSET_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd[' ']['T']HH:mm[:ss][.SSS]", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** The outcome: a date that parsed (with its instant when it has a time of day) or not. */
    public record Parsed(boolean valid, Optional<Instant> instant, String problem) {
        static Parsed at(Instant i) {
            return new Parsed(true, Optional.of(i), "");
        }

        static Parsed dayOnly() {
            return new Parsed(true, Optional.empty(), "");
        }

        static Parsed invalid(String why) {
            return new Parsed(false, Optional.empty(), why);
        }
    }

    private PublishedDates() {
    }

    /** Whether text looks like it is meant to be a date (so a failure to parse is a defect). */
    static boolean looksLikeDate(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 64) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < t.length(); i++) {
            if (Character.isDigit(t.charAt(i))) {
                digits++;
            }
        }
        return digits >= 4 && digits * 3 >= t.replace(" ", "").length();
    }

    /** The CDT {@code 日期：} line: RFC 2822. */
    public static Parsed rfc2822(String text) {
        try {
            return Parsed.at(OffsetDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Parsed.invalid("'" + text.trim() + "' is not an RFC 2822 date such as 'Thu, 02 Jul 2020 09:55:09 +0000'");
        }
    }

    /**
     * A date div's text, in any form the corpus sites write: RFI's {@code dd/MM/yyyy - HH:mm}
     * (Paris), ISO 8601 with or without offset, {@code yyyy-MM-dd HH:mm:ss}, RFC 1123 and
     * {@code yyyy年 M月 d日}.
     *
     * @param host the source URL's host, to choose the zone of a date written without one
     */
    public static Parsed div(String text, String host) {
        String t = text.trim().replace('\u00a0', ' ');
        Matcher m = RFI.matcher(t);
        if (m.matches()) {
            try {
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
                return Parsed.at(local.atZone(PARIS).toInstant());
            } catch (java.time.DateTimeException e) {
                return Parsed.invalid("'" + t + "' is not a real day and time (dd/MM/yyyy - HH:mm)");
            }
        }
        m = CHINESE_DATE.matcher(t);
        if (m.matches()) {
            try {
                LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                return Parsed.dayOnly();
            } catch (java.time.DateTimeException e) {
                return Parsed.invalid("'" + t + "' is not a real day");
            }
        }
        if (!t.isEmpty() && Character.isLetter(t.charAt(0))) {
            return rfc1123(t);
        }
        if (OFFSET_DATE_TIME.matcher(t).matches()) {
            try {
                return Parsed.at(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Parsed.invalid("'" + t + "' is not a real day and time");
            }
        }
        if (LOCAL_DATE_TIME.matcher(t).matches()) {
            try {
                LocalDateTime local = LocalDateTime.parse(t, LOCAL);
                return Parsed.at(local.atZone(zoneOf(host)).toInstant());
            } catch (DateTimeParseException e) {
                return Parsed.invalid("'" + t + "' is not a real day and time");
            }
        }
        if (DATE_ONLY.matcher(t).matches()) {
            try {
                LocalDate.parse(t);
                return Parsed.dayOnly();
            } catch (DateTimeParseException e) {
                return Parsed.invalid("'" + t + "' is not a real day");
            }
        }
        return Parsed.invalid("'" + t + "' is in no known date form");
    }

    private static Parsed rfc1123(String t) {
        try {
            return Parsed.at(OffsetDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Parsed.invalid("'" + t + "' is not an RFC 1123 date such as 'Mon, 20 Jul 2020 19:22:03 GMT'");
        }
    }

    /** The zone a site writes local times in. */
    static ZoneId zoneOf(String host) {
        if (host.endsWith("rfi.fr")) {
            return PARIS;
        }
        if (host.endsWith("nytimes.com") || host.endsWith("ftchinese.com") || host.endsWith("ft.com")) {
            return BEIJING;
        }
        return ZoneOffset.UTC;
    }
}
