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
            if (Escape.isBidiControl(buf[i])) {
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
            if (Escape.isBidiControl(s.charAt(i))) {
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
