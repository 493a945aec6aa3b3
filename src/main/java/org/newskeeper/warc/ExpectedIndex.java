package org.newskeeper.warc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CDXJ line each record of one WARC file should have, by the offset of its member, in bounded
 * memory: per record its offset, whether it is indexed, a 64-bit digest of its expected line (the
 * first 8 bytes of the line's SHA-1) and its mime type (by a number), in primitive arrays: about 30
 * bytes a record where the lines themselves took about 400. The expected line's text, needed only
 * to name a mismatch, is either kept too (a WARC read from a WACZ, whose temporary copy is gone
 * once the index is checked) or read again from the WARC file, one member, when a line does not
 * match. Records are added in the order of their offsets; which offsets some index line covered is
 * remembered here too.
 */
final class ExpectedIndex {
    private final Optional<Path> source;
    private final String warcName;
    private final boolean keepLines;
    private long[] offsets = new long[1024];
    private long[] hashes = new long[1024];
    private int[] mimes = new int[1024];
    private final BitSet indexed = new BitSet();
    private final BitSet covered = new BitSet();
    private final List<String> lines;
    private final List<String> mimeNames = new ArrayList<>();
    private final Map<String, Integer> mimeIds = new HashMap<>();
    private final MessageDigest sha1 = Digests.sha1();
    private int size;

    private ExpectedIndex(Optional<Path> source, String warcName, boolean keepLines) {
        this.source = source;
        this.warcName = warcName;
        this.keepLines = keepLines;
        this.lines = keepLines ? new ArrayList<>() : List.of();
    }

    /** For a WARC file that stays where it is: a mismatch's expected line is read again from it. */
    static ExpectedIndex rereading(Path warc, String warcName) {
        return new ExpectedIndex(Optional.of(warc), warcName, false);
    }

    /** For a WARC file that will be gone (a WACZ's temporary copy): expected lines are kept. */
    static ExpectedIndex keepingLines(String warcName) {
        return new ExpectedIndex(Optional.empty(), warcName, true);
    }

    /** Adds the record at {@code offset} (not before the last one added); a member's first indexable record wins. */
    void add(long offset, Optional<CdxjLine> line) {
        if (size > 0 && offsets[size - 1] == offset) {
            if (!indexed.get(size - 1) && line.isPresent()) {
                set(size - 1, line.get());
            }
            return;
        }
        if (size > 0 && offsets[size - 1] > offset) {
            throw new IllegalArgumentException("records out of order: " + offset + " after " + offsets[size - 1]);
        }
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            mimes = Arrays.copyOf(mimes, size * 2);
        }
        offsets[size] = offset;
        if (keepLines) {
            lines.add(null);
        }
        size++;
        line.ifPresent(l -> set(size - 1, l));
    }

    private void set(int i, CdxjLine line) {
        String text = line.format();
        indexed.set(i);
        hashes[i] = hash(text);
        mimes[i] = mimeIds.computeIfAbsent(line.mime(), m -> {
            mimeNames.add(m);
            return mimeNames.size() - 1;
        });
        if (keepLines) {
            lines.set(i, text);
        }
    }

    private long hash(String line) {
        byte[] d = sha1.digest(line.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    private int find(long offset) {
        return Arrays.binarySearch(offsets, 0, size, offset);
    }

    /** Whether a record starts at {@code offset} and is indexed. */
    boolean indexedAt(long offset) {
        int i = find(offset);
        return i >= 0 && indexed.get(i);
    }

    /** Whether {@code line} is the line the indexed record at {@code offset} should have; marks it covered. */
    boolean matches(long offset, String line) {
        int i = find(offset);
        if (i < 0 || !indexed.get(i)) {
            return false;
        }
        covered.set(i);
        return hashes[i] == hash(line);
    }

    /** The line the indexed record at {@code offset} should have, kept or read again from the WARC. */
    Optional<String> expected(long offset) {
        int i = find(offset);
        if (i < 0 || !indexed.get(i)) {
            return Optional.empty();
        }
        if (keepLines) {
            return Optional.of(lines.get(i));
        }
        if (source.isEmpty()) {
            return Optional.empty();
        }
        try (GzipMembers members = new GzipMembers(source.get())) {
            Optional<GzipMembers.Member> m = members.at(offset, RecordScanner::scan);
            if (m.isPresent() && m.get() instanceof GzipMembers.Streamed<?> s
                    && s.value() instanceof RecordScanner.Scan scan) {
                for (ScannedRecord r : scan.records()) {
                    Optional<CdxjLine> l = Reconciler.cdxjLine(r, s.offset(), s.length(), warcName);
                    if (l.isPresent()) {
                        return Optional.of(l.get().format());
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Each indexed record no line covered: its offset and mime type, in offset order. */
    List<Map.Entry<Long, String>> uncovered() {
        List<Map.Entry<Long, String>> missing = new ArrayList<>();
        for (int i = indexed.nextSetBit(0); i >= 0; i = indexed.nextSetBit(i + 1)) {
            if (!covered.get(i)) {
                missing.add(Map.entry(offsets[i], mimeNames.get(mimes[i])));
            }
        }
        return missing;
    }

    /** How many records were added. */
    int size() {
        return size;
    }
}
