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
     * {@code warcs}, keyed by the name its lines give them; each record a line points at is marked
     * covered in its {@link ExpectedIndex}.
     *
     * @param urls where the lines' {@code url}s are added, when given
     */
    void verify(String file, InputStream lines, Map<String, ExpectedIndex> warcs, Optional<Set<String>> urls)
            throws IOException {
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
            urls.ifPresent(u -> u.add(j.path("url").asText()));
            long offset;
            try {
                offset = Long.parseLong(j.path("offset").asText());
            } catch (NumberFormatException e) {
                findings.error(file, at, "cdxj", "no numeric offset");
                continue;
            }
            String warcName = j.path("filename").asText();
            ExpectedIndex indexable = warcs.get(warcName);
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
            if (!indexable.indexedAt(offset)) {
                findings.error(file, at, "cdxj-offset", "offset " + offset + " is not the start of an indexable record in "
                        + warcName);
                continue;
            }
            if (!indexable.matches(offset, line)) {
                findings.error(file, at, "cdxj-mismatch", "line does not match the record at offset " + offset
                        + indexable.expected(offset).map(want -> ": expected " + want).orElse(""));
            }
        }
    }

    /** Reports, as in {@code file}, each indexed record of {@code warcs} no line covered. */
    void missing(String file, Map<String, ExpectedIndex> warcs) {
        for (Map.Entry<String, ExpectedIndex> w : warcs.entrySet()) {
            for (Map.Entry<Long, String> e : w.getValue().uncovered()) {
                findings.error(file, 0, "cdxj-missing", "no line for the " + e.getValue() + " record at "
                        + w.getKey() + ":" + e.getKey());
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
