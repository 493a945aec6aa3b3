package org.newskeeper.warc;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The header fields of one record against WARC 1.1 (and 1.0): the version, the mandatory fields,
 * the fields each record type requires or forbids, repeated fields, the syntax of each value, the
 * leading warcinfo, and the record's framing as the reader found it.
 */
final class RecordCheck {
    private static final Set<String> TYPES = Set.of("warcinfo", "response", "resource", "request", "metadata",
            "revisit", "conversion", "continuation");
    private static final Set<String> REPEATABLE = Set.of("warc-concurrent-to");
    private static final Set<String> KNOWN = Set.of("warc-record-id", "content-length", "warc-date", "warc-type",
            "content-type", "warc-concurrent-to", "warc-block-digest", "warc-payload-digest", "warc-ip-address",
            "warc-refers-to", "warc-refers-to-target-uri", "warc-refers-to-date", "warc-target-uri", "warc-truncated",
            "warc-warcinfo-id", "warc-filename", "warc-profile", "warc-identified-payload-type", "warc-segment-number",
            "warc-segment-origin-id", "warc-segment-total-length");
    private static final Map<String, Set<String>> REQUIRED_ON = Map.of(
            "warc-target-uri", Set.of("response", "resource", "request", "revisit", "conversion", "continuation"),
            "warc-profile", Set.of("revisit"),
            "warc-segment-origin-id", Set.of("continuation"),
            "warc-segment-number", Set.of("continuation"));
    private static final Map<String, Set<String>> FORBIDDEN_ON = Map.ofEntries(
            Map.entry("warc-concurrent-to", Set.of("warcinfo", "conversion", "continuation")),
            Map.entry("warc-ip-address", Set.of("warcinfo", "conversion", "continuation")),
            Map.entry("warc-refers-to", Set.of("warcinfo", "response", "resource", "request", "continuation")),
            Map.entry("warc-refers-to-target-uri", Set.of("warcinfo", "response", "metadata", "conversion", "resource",
                    "request", "continuation")),
            Map.entry("warc-refers-to-date", Set.of("warcinfo", "response", "metadata", "conversion", "resource",
                    "request", "continuation")),
            Map.entry("warc-target-uri", Set.of("warcinfo")),
            Map.entry("warc-warcinfo-id", Set.of("warcinfo")),
            Map.entry("warc-filename", Set.of("response", "resource", "request", "metadata", "revisit", "conversion",
                    "continuation")),
            Map.entry("warc-profile", Set.of("warcinfo", "response", "resource", "request", "metadata", "conversion",
                    "continuation")),
            Map.entry("warc-payload-digest", Set.of("warcinfo")),
            Map.entry("warc-segment-origin-id", Set.of("warcinfo", "response", "resource", "request", "metadata",
                    "revisit", "conversion")),
            Map.entry("warc-segment-total-length", Set.of("warcinfo", "response", "resource", "request", "metadata",
                    "revisit", "conversion")));
    private static final Pattern RECORD_ID = Pattern.compile("<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\\s]+>");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern DIGEST = Pattern.compile("[-!#$%&'*+.^_`|~0-9A-Za-z]+:[-!#$%&'*+.^_`|~0-9A-Za-z/@=]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[-!#$%&'*+.^_`|~0-9A-Za-z]+/[-!#$%&'*+.^_`|~0-9A-Za-z]+[ \\t]*(;[ \\t]*[-!#$%&'*+.^_`|~0-9A-Za-z]+="
                    + "([-!#$%&'*+.^_`|~0-9A-Za-z]+|\"([^\"\\\\]|\\\\.)*\")[ \\t]*)*");
    static final Pattern IDENTICAL = Pattern.compile("https?://netpreserve\\.org/warc/1\\.[01]/revisit/identical-payload-digest");

    /** Where the problems of one record go: its file, its member's offset, and what it holds. */
    record At(Findings findings, String file, long offset, Optional<String> holds, Optional<String> capture) {
        private String name(String message) {
            return holds.map(h -> message + " (" + h + ")").orElse(message);
        }

        void error(String check, String message) {
            findings.error(file, offset, check, name(message));
            capture.ifPresent(findings::aboutCapture);
        }

        void warning(String check, String message) {
            findings.warning(file, offset, check, name(message));
            capture.ifPresent(findings::aboutCapture);
        }
    }

    private RecordCheck() {
    }

    /** The corpus path of an article our {@code urn:newskeeper:<collection>:<path>} target names. */
    static Optional<String> articlePath(String target) {
        if (!target.startsWith(Packer.URN_PREFIX)) {
            return Optional.empty();
        }
        String rest = target.substring(Packer.URN_PREFIX.length());
        int colon = rest.indexOf(':');
        return colon <= 0 ? Optional.empty() : Optional.of(Reconciler.decodePath(rest.substring(colon + 1)));
    }

    /** Checks the framing, version and header fields of {@code r}, the first record of its file when {@code first}. */
    static void check(At at, ScannedRecord r, boolean first) {
        for (String p : r.framing()) {
            at.error(p.startsWith("Content-Length") ? "content-length" : "framing", p);
        }
        if (r.sharesMember()) {
            at.warning("framing", "more than one record in one gzip member: the next record is read from the same"
                    + " member (WARC 1.1 annex D recommends one record per member)");
        }
        if (!r.version().equals("WARC/1.1") && !r.version().equals("WARC/1.0")) {
            at.error("version", "unknown WARC version " + r.version());
        }
        String type = r.type();
        fields(at, r, type);
        if (first && !type.equals("warcinfo")) {
            at.warning("warcinfo", "the first record is " + (type.isEmpty() ? "untyped" : type)
                    + ", not warcinfo (WARC 1.1 recommends a leading warcinfo)");
        }
    }

    private static void fields(At at, ScannedRecord r, String type) {
        for (String mandatory : List.of("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type")) {
            if (r.first(mandatory).isEmpty()) {
                at.error("missing-field", "no " + mandatory + " field");
            }
        }
        if (!type.isEmpty() && !TYPES.contains(type)) {
            at.error("field-value", "unknown WARC-Type " + type);
        }
        for (Map.Entry<String, Set<String>> e : REQUIRED_ON.entrySet()) {
            if (e.getValue().contains(type) && r.first(e.getKey()).isEmpty()) {
                at.error("missing-field", type + " record without " + canonical(e.getKey()));
            }
        }
        if (!type.equals("continuation") && r.blockLength() > 0 && r.first("Content-Type").isEmpty()) {
            at.warning("missing-field", type + " record with a non-empty block but no Content-Type (WARC 1.1 5.6: should)");
        }
        boolean v10 = r.version().equals("WARC/1.0");
        for (Map.Entry<String, List<String>> e : r.fields().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            List<String> values = e.getValue();
            if (values.size() > 1 && !REPEATABLE.contains(name) && KNOWN.contains(name)) {
                at.error("repeated-field", e.getKey() + " appears " + values.size() + " times");
            }
            if (FORBIDDEN_ON.getOrDefault(name, Set.of()).contains(type)) {
                at.error("forbidden-field", e.getKey() + " is not allowed on a " + type + " record");
            }
            for (String v : values) {
                if (name.equals("warc-target-uri") || name.equals("warc-refers-to-target-uri")) {
                    uri(at, e.getKey(), v, v10);
                    continue;
                }
                Optional<String> bad = badValue(name, v);
                bad.ifPresent(msg -> at.error("field-value", e.getKey() + ": " + msg));
            }
        }
        if (type.equals("revisit")) {
            String profile = r.first("WARC-Profile").orElse("");
            if (IDENTICAL.matcher(profile).matches() && r.first("WARC-Payload-Digest").isEmpty()) {
                at.error("missing-field", "identical-payload-digest revisit without WARC-Payload-Digest");
            }
        }
    }

    /**
     * A target URI is bare in WARC 1.1; WARC/1.0 records may write it in angle brackets (as the 1.0
     * specification's own examples do, and wget does): a warning. Spaces, which browsers send as
     * {@code %20}, are a warning; other control characters or brackets in a 1.1 record are errors.
     */
    private static void uri(At at, String field, String v, boolean v10) {
        String bare = v;
        if (v.startsWith("<") && v.endsWith(">") && v.length() > 2) {
            if (v10) {
                at.warning("field-value", field + ": a WARC/1.0 URI in angle brackets (as the 1.0 specification's"
                        + " examples write it; WARC 1.1 wants it bare): " + v);
                bare = v.substring(1, v.length() - 1);
            } else {
                at.error("field-value", field + ": not a bare URI: " + v);
                return;
            }
        }
        if (bare.startsWith("<") || bare.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            at.error("field-value", field + ": not a bare URI: " + v);
        } else if (bare.indexOf(' ') >= 0) {
            at.warning("field-value", field + ": a URI with spaces (browsers send them as %20): " + v);
        }
    }

    private static String canonical(String lower) {
        return lower.equals("warc-target-uri") ? "WARC-Target-URI" : lower.equals("warc-profile") ? "WARC-Profile"
                : lower.equals("warc-segment-origin-id") ? "WARC-Segment-Origin-ID" : "WARC-Segment-Number";
    }

    private static Optional<String> badValue(String name, String v) {
        switch (name) {
            case "warc-record-id", "warc-concurrent-to", "warc-refers-to", "warc-warcinfo-id", "warc-segment-origin-id":
                return RECORD_ID.matcher(v).matches() ? Optional.empty() : Optional.of("not a <URI> record ID: " + v);
            case "warc-date", "warc-refers-to-date":
                if (!DATE.matcher(v).matches()) {
                    return Optional.of("not a UTC W3C-ISO8601 date: " + v);
                }
                try {
                    Instant.parse(v);
                    return Optional.empty();
                } catch (DateTimeParseException e) {
                    return Optional.of("not a valid date: " + v);
                }
            case "content-length", "warc-segment-number", "warc-segment-total-length":
                return NUMBER.matcher(v).matches() ? Optional.empty() : Optional.of("not a non-negative integer: " + v);
            case "warc-block-digest", "warc-payload-digest":
                return DIGEST.matcher(v).matches() ? Optional.empty() : Optional.of("not a labelled digest: " + v);
            case "content-type", "warc-identified-payload-type":
                return MEDIA_TYPE.matcher(v).matches() ? Optional.empty() : Optional.of("not a media type: " + v);
            case "warc-ip-address":
                return isIpLiteral(v) ? Optional.empty() : Optional.of("not an IP address: " + v);
            case "warc-truncated":
                return Set.of("length", "time", "disconnect", "unspecified").contains(v)
                        ? Optional.empty() : Optional.of("unknown truncation reason: " + v);
            default:
                return Optional.empty();
        }
    }

    private static boolean isIpLiteral(String v) {
        if (!v.matches("[0-9.]+") && !v.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(v); // a literal: no lookup
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
