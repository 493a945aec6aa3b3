package org.newskeeper.warc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WARC record parsed from the bytes of one gzip member, without trusting anything: the version
 * line, the header fields in order, the block as {@code Content-Length} delimits it, and what is
 * wrong with the framing.
 */
final class RawRecord implements WarcFields {
    final String version;
    /** Field names as written, with their values in order; lookups are case-insensitive. */
    final Map<String, List<String>> fields;
    final byte[] data;
    final int blockStart;
    final int blockLength;
    final List<String> framingProblems;

    private RawRecord(String version, Map<String, List<String>> fields, byte[] data, int blockStart,
            int blockLength, List<String> framingProblems) {
        this.version = version;
        this.fields = fields;
        this.data = data;
        this.blockStart = blockStart;
        this.blockLength = blockLength;
        this.framingProblems = framingProblems;
    }

    /** Parses one record from {@code data}; empty when the bytes do not start a WARC record at all. */
    static Optional<RawRecord> parse(byte[] data) {
        int eol = indexOf(data, 0, data.length, CRLF);
        if (eol < 0 || eol > 32) {
            return Optional.empty();
        }
        String version = new String(data, 0, eol, StandardCharsets.US_ASCII);
        if (!version.startsWith("WARC/")) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        int headerEnd = indexOf(data, eol, data.length, CRLFCRLF);
        if (headerEnd < 0) {
            problems.add("header block does not end with CRLF CRLF");
            return Optional.of(new RawRecord(version, Map.of(), data, data.length, 0, problems));
        }
        String headerText = new String(data, eol + 2, Math.max(0, headerEnd - eol - 2), StandardCharsets.UTF_8);
        Map<String, List<String>> fields = parseFields(headerText, problems);
        int blockStart = headerEnd + 4;
        int available = data.length - blockStart;
        long declared = -1;
        List<String> cl = fields.getOrDefault("Content-Length", List.of());
        if (!cl.isEmpty()) {
            try {
                declared = Long.parseLong(cl.get(0));
            } catch (NumberFormatException e) {
                problems.add("Content-Length is not a number: " + abbreviate(cl.get(0)));
            }
        }
        int blockLength;
        if (declared < 0) {
            blockLength = Math.max(0, available - 4);
        } else if (declared > available) {
            problems.add("Content-Length " + declared + " is larger than the " + Math.max(0, available - 4)
                    + " bytes of the record's block");
            blockLength = available;
        } else {
            blockLength = (int) declared;
            int end = blockStart + blockLength;
            int rest = data.length - end;
            if (rest < 4 || data[end] != '\r' || data[end + 1] != '\n' || data[end + 2] != '\r' || data[end + 3] != '\n') {
                problems.add("Content-Length " + declared + " does not end at the record's CRLF CRLF trailer"
                        + " (" + Math.max(0, rest - 4) + " bytes after the block)");
            } else if (rest > 4) {
                int next = end + 4;
                boolean another = data.length - next >= 5 && new String(data, next, 5, StandardCharsets.US_ASCII).equals("WARC/");
                problems.add(another ? "more than one record in one gzip member"
                        : (rest - 4) + " stray bytes after the record's trailer");
            }
        }
        return Optional.of(new RawRecord(version, fields, data, blockStart, blockLength,
                problems));
    }

    /** The header fields of {@code headerText} (the lines after the version line), case-insensitive by name. */
    static Map<String, List<String>> parseFields(String headerText, List<String> problems) {
        Map<String, List<String>> fields = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String last = null;
        for (String line : headerText.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                List<String> vs = fields.get(last);
                vs.set(vs.size() - 1, vs.get(vs.size() - 1) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add("malformed header line: " + abbreviate(line));
                continue;
            }
            last = line.substring(0, colon).trim();
            fields.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public Map<String, List<String>> fields() {
        return fields;
    }

    static String unbracket(String v) {
        String t = v.trim();
        return t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
    }


    static final byte[] CRLF = {'\r', '\n'};
    static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

    static int indexOf(byte[] data, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
