package org.newskeeper.warc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * CDXJ indexes against the records of their WARCs: lines sorted, each pointing at the start of an
 * indexable record and matching it, each indexable record with a line. The index is read line by
 * line (one line in memory at a time), compared per WARC file.
 */
final class IndexCheck {
    /** The most records {@link #recordsAt} names for one unreadable member. */
    private static final int MAX_NAMED = 5;

    private final Findings findings;

    IndexCheck(Findings findings) {
        this.findings = findings;
    }

    /**
     * Checks the CDXJ index {@code lines} (reported as {@code file}) against the records of
     * {@code warcs}, keyed by the name its lines give them; adds each {@code name:offset} a line
     * points at to {@code covered}.
     *
     * @return the lines' {@code url}s
     */
    Set<String> verify(String file, InputStream lines, Map<String, Map<Long, Optional<CdxjLine>>> warcs,
            Set<String> covered) throws IOException {
        Set<String> urls = new HashSet<>();
        long lineOffset = 0;
        String previous = null;
        LineReader reader = new LineReader(lines);
        byte[] raw;
        while ((raw = reader.next()) != null) {
            long at = lineOffset;
            lineOffset += raw.length + 1;
            if (raw.length == 0) {
                continue;
            }
            String line = new String(raw, StandardCharsets.UTF_8);
            if (previous != null && CdxjLine.ORDER.compare(previous, line) > 0) {
                findings.error(file, at, "cdxj-order", "line sorts before the line above it");
            }
            previous = line;
            Optional<JsonNode> f = CdxjLine.fields(line);
            if (f.isEmpty()) {
                findings.error(file, at, "cdxj", "not a CDXJ line (KEY TIMESTAMP {json})");
                continue;
            }
            JsonNode j = f.get();
            urls.add(j.path("url").asText());
            long offset;
            try {
                offset = Long.parseLong(j.path("offset").asText());
            } catch (NumberFormatException e) {
                findings.error(file, at, "cdxj", "no numeric offset");
                continue;
            }
            String warcName = j.path("filename").asText();
            Map<Long, Optional<CdxjLine>> indexable = warcs.get(warcName);
            if (indexable == null) {
                String expectedNames = warcs.size() == 1 ? warcs.keySet().iterator().next()
                        : "one of " + new TreeSet<>(warcs.keySet());
                findings.error(file, at, "cdxj", "filename " + warcName + " is not " + expectedNames);
                if (warcs.size() != 1) {
                    continue;
                }
                warcName = warcs.keySet().iterator().next();
                indexable = warcs.get(warcName);
            }
            Optional<CdxjLine> expected = indexable.getOrDefault(offset, null);
            if (expected == null || expected.isEmpty()) {
                findings.error(file, at, "cdxj-offset", "offset " + offset + " is not the start of an indexable record in "
                        + warcName);
                continue;
            }
            covered.add(warcName + ":" + offset);
            String want = expected.get().format();
            if (!want.equals(line)) {
                findings.error(file, at, "cdxj-mismatch", "line does not match the record at offset " + offset
                        + ": expected " + want);
            }
        }
        return urls;
    }

    /** Reports, as in {@code file}, each indexable record of {@code warcs} not in {@code covered}. */
    void missing(String file, Map<String, Map<Long, Optional<CdxjLine>>> warcs, Set<String> covered) {
        for (Map.Entry<String, Map<Long, Optional<CdxjLine>>> w : warcs.entrySet()) {
            for (Map.Entry<Long, Optional<CdxjLine>> e : w.getValue().entrySet()) {
                if (e.getValue().isPresent() && !covered.contains(w.getKey() + ":" + e.getKey())) {
                    findings.error(file, 0, "cdxj-missing", "no line for the " + e.getValue().get().mime() + " record at "
                            + w.getKey() + ":" + e.getKey());
                }
            }
        }
    }

    /**
     * What the CDXJ index {@code cdxj} says lies in the bytes {@code [from, to)} of the WARC
     * {@code warcName}: each record as the article path of our urns or the URL of a capture, at
     * most {@link #MAX_NAMED} of them (one pass over the index; empty when there is none).
     */
    static List<String> recordsAt(Path cdxj, String warcName, long from, long to) {
        List<String> named = new ArrayList<>();
        if (!Files.isRegularFile(cdxj)) {
            return named;
        }
        int more = 0;
        try (InputStream in = Files.newInputStream(cdxj)) {
            LineReader reader = new LineReader(in);
            byte[] raw;
            while ((raw = reader.next()) != null) {
                Optional<JsonNode> f = CdxjLine.fields(new String(raw, StandardCharsets.UTF_8));
                if (f.isEmpty() || !f.get().path("filename").asText().equals(warcName)) {
                    continue;
                }
                long offset;
                try {
                    offset = Long.parseLong(f.get().path("offset").asText());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (offset < from || offset >= to) {
                    continue;
                }
                String url = f.get().path("url").asText();
                if (named.size() < MAX_NAMED) {
                    named.add(RecordCheck.articlePath(url).map(p -> "article " + p).orElse("capture of " + url));
                } else {
                    more++;
                }
            }
        } catch (IOException e) {
            return named;
        }
        if (more > 0) {
            named.add(more + " more");
        }
        return named;
    }

    /** The lines of a stream as bytes, without their {@code \n}; one line in memory at a time. */
    static final class LineReader {
        private final InputStream in;
        private boolean done;

        LineReader(InputStream in) {
            this.in = new BufferedInputStream(in, 1 << 16);
        }

        /** The next line, or null after the last (a text ending with {@code \n} ends with an empty line). */
        byte[] next() throws IOException {
            if (done) {
                return null;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    return line.toByteArray();
                }
                line.write(b);
            }
            done = true;
            return line.toByteArray();
        }
    }
}
