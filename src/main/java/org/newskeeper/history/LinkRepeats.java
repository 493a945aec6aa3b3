package org.newskeeper.history;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The failing URLs of a run requested again with its base run's verdict, as {@code run_link_repeat}
 * stores them: one deflated list of {@code url TAB delta TAB carried} lines, sorted by URL.
 */
final class LinkRepeats {
    private LinkRepeats() {
    }

    /**
     * A failing URL requested again with the base run's verdict: its row is the base's with
     * {@code delta} more consecutive failures; {@code carried} when it was folded in from a pruned
     * run (seen as from the history, as any row carried from an earlier run).
     */
    record Repeat(int delta, boolean carried) {
    }

    static byte[] encode(Map<String, Repeat> repeats) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_COMPRESSION)),
                StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Repeat> e : new TreeMap<>(repeats).entrySet()) {
                w.write(e.getKey() + "\t" + e.getValue().delta() + "\t" + (e.getValue().carried() ? 1 : 0) + "\n");
            }
        }
        return bytes.toByteArray();
    }

    /** The repeats {@link #encode} wrote, by URL; a malformed list is an {@link IOException}. */
    static Map<String, Repeat> decode(byte[] blob) throws IOException {
        Map<String, Repeat> out = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new InflaterInputStream(new ByteArrayInputStream(blob)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length != 3) {
                    throw new IOException("not url TAB delta TAB carried: " + line);
                }
                out.put(f[0], new Repeat(Integer.parseInt(f[1]), f[2].equals("1")));
            }
        } catch (NumberFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out;
    }
}
