package org.newskeeper.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import org.newskeeper.report.Escape;

/**
 * What the command line prints goes through this writer, so that no title, URL or path from the
 * corpus can reorder a terminal line with bidirectional controls (U+202A-202E, U+2066-2069, U+200E,
 * U+200F, U+061C): in text they are shown by name ({@code <U+202E>}); in JSON, where they can only
 * occur inside strings, as the escape {@code \u202e}, which keeps the document's data exact.
 */
final class BidiVisibleWriter extends FilterWriter {
    /**
     * The lowest bidi control (U+061C): a character below it is passed on without the call. A
     * 10,000-link JSON report is 6 million characters, and the first-tier compiler the launcher
     * runs {@code links} with does not inline {@link Escape#isBidiControl}: the call per character
     * was most of the time after the run's last answer.
     */
    private static final char FIRST = 0x61c;

    private final boolean json;

    BidiVisibleWriter(Writer out, boolean json) {
        super(out);
        this.json = json;
    }

    @Override
    public void write(int c) throws IOException {
        if (Escape.isBidiControl(c)) {
            out.write(name(c));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (buf[i] >= FIRST && Escape.isBidiControl(buf[i])) {
                out.write(buf, start, i - start);
                out.write(name(buf[i]));
                start = i + 1;
            }
        }
        out.write(buf, start, end - start);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (c >= FIRST && Escape.isBidiControl(c)) {
                out.write(s, start, i - start);
                out.write(name(s.charAt(i)));
                start = i + 1;
            }
        }
        out.write(s, start, end - start);
    }

    private String name(int c) {
        return json ? String.format(java.util.Locale.ROOT, "\\u%04x", c) : Escape.bidiName(c);
    }
}
