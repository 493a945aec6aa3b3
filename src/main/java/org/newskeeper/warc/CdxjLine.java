package org.newskeeper.warc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;

/**
 * One line of a pywb-compatible CDXJ index: {@code SURT TIMESTAMP14 {"url", "mime", "status",
 * "digest", "length", "offset", "filename"}}.
 */
public record CdxjLine(String url, Instant date, String mime, Optional<Integer> status, String digest,
        long length, long offset, String filename) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** Orders lines as {@code LC_ALL=C sort} does: by their UTF-8 bytes. */
    public static final Comparator<String> ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The 14-digit timestamp of an instant. */
    public static String timestamp(Instant instant) {
        return TS14.format(instant);
    }

    /** The line's text, without a newline. */
    public String format() {
        ObjectNode o = JSON.createObjectNode();
        o.put("url", url);
        o.put("mime", mime);
        status.ifPresent(s -> o.put("status", Integer.toString(s)));
        o.put("digest", digest);
        o.put("length", Long.toString(length));
        o.put("offset", Long.toString(offset));
        o.put("filename", filename);
        return Surt.of(url) + " " + timestamp(date) + " " + o;
    }

    /** The fields of a line's JSON block, or empty when the line is not {@code KEY TS {json}}. */
    public static Optional<JsonNode> fields(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line.substring(second + 1));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
