package org.newskeeper.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as users write them: {@code 1073741824}, {@code 100M}, {@code 1G}, {@code 512KB}, {@code 2GiB} (binary multiples). */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException naming the value when it is not a positive size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new InvalidOptionException("not a size (e.g. 100M, 1G): " + text);
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("size too large: " + text, e);
        }
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new InvalidOptionException("size out of range: " + text);
        }
        return n << shift;
    }

}
