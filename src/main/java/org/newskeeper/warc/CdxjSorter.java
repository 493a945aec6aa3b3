package org.newskeeper.warc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes the sorted CDXJ index of one WARC file in bounded memory. Lines are ordered as
 * {@link CdxjLine#ORDER} orders them (by their UTF-8 bytes, as {@code LC_ALL=C sort}); once the lines
 * held reach {@link #DEFAULT_SPILL_BYTES} they are sorted and spilled as a run to a temporary file
 * beside the target ({@code NAME.cdxj.spill-00001.cdxj.open}, which an interrupted pack's next run
 * deletes as it deletes every {@code .cdxj.open}); {@link #finish()} merges the runs and the lines
 * still held into {@code NAME.cdxj.open}, forces it and renames it over the target. The output is
 * byte for byte what sorting every line in memory gives. On success and on failure no temporary
 * file is left, and a target is never half-written.
 */
final class CdxjSorter implements Closeable {
    /** Bytes of lines held before a run is spilled: about 85,000 lines of ~190 bytes. */
    static final long DEFAULT_SPILL_BYTES = 16L << 20;
    private static final int BUFFER = 1 << 16;

    private final Path target;
    private final long spillBytes;
    private final List<byte[]> held = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long heldBytes;
    private boolean done;

    CdxjSorter(Path target) {
        this(target, DEFAULT_SPILL_BYTES);
    }

    /** @param spillBytes bytes of lines held in memory before they are spilled to a sorted run */
    CdxjSorter(Path target, long spillBytes) {
        this.target = target;
        this.spillBytes = Math.max(1, spillBytes);
    }

    /** Adds a line (without its newline). */
    void add(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        held.add(b);
        heldBytes += b.length + 16L; // the array's own header counts against the bound too
        if (heldBytes >= spillBytes) {
            spill();
        }
    }

    /** How many sorted runs were spilled so far. */
    int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        byte[][] sorted = sortedHeld();
        Path run = target.resolveSibling(String.format("%s.spill-%05d.cdxj%s", target.getFileName(), runs.size() + 1,
                WarcFileWriter.OPEN));
        runs.add(run);
        // length-prefixed, so a line is read back as the very bytes it was, whatever they hold
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), BUFFER))) {
            for (byte[] l : sorted) {
                out.writeInt(l.length);
                out.write(l);
            }
        }
    }

    private byte[][] sortedHeld() {
        byte[][] sorted = held.toArray(new byte[0][]);
        held.clear();
        heldBytes = 0;
        Arrays.sort(sorted, Arrays::compareUnsigned);
        return sorted;
    }

    /**
     * Writes the index: the spilled runs and the lines held, merged, as {@code NAME.cdxj.open},
     * forced, then renamed over any older index of the same WARC. The temporary files are removed
     * whatever happens.
     */
    void finish() throws IOException {
        if (done) {
            throw new IllegalStateException("finished already");
        }
        done = true;
        Path tmp = target.resolveSibling(target.getFileName() + WarcFileWriter.OPEN);
        List<Source> sources = new ArrayList<>();
        boolean ok = false;
        try {
            sources.add(new Held(sortedHeld()));
            for (Path run : runs) {
                sources.add(new Spilled(run));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
                merge(sources, out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ok = true;
        } finally {
            for (Source s : sources) {
                closeQuietly(s);
            }
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
            deleteRuns();
        }
    }

    private static void merge(List<Source> sources, OutputStream out) throws IOException {
        PriorityQueue<Source> queue = new PriorityQueue<>(Math.max(1, sources.size()),
                (a, b) -> Arrays.compareUnsigned(a.head(), b.head()));
        for (Source s : sources) {
            if (s.advance()) {
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            Source s = queue.poll();
            out.write(s.head());
            out.write('\n');
            if (s.advance()) {
                queue.add(s);
            }
        }
    }

    /** Drops what was added without writing the index (a run abandoned): removes the spilled runs. */
    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            held.clear();
            deleteRuns();
        }
    }

    private void deleteRuns() throws IOException {
        IOException first = null;
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        runs.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // a run being read; it is deleted next
        }
    }

    /** A sorted sequence of lines: {@link #advance()} moves to the next, {@link #head()} is it. */
    private interface Source extends Closeable {
        boolean advance() throws IOException;

        byte[] head();
    }

    private static final class Held implements Source {
        private final byte[][] lines;
        private int next;
        private byte[] head;

        Held(byte[][] lines) {
            this.lines = lines;
        }

        @Override
        public boolean advance() {
            if (head != null) {
                lines[next - 1] = null; // written: let it go
            }
            head = next < lines.length ? lines[next++] : null;
            return head != null;
        }

        @Override
        public byte[] head() {
            return head;
        }

        @Override
        public void close() {
        }
    }

    private static final class Spilled implements Source {
        private final DataInputStream in;
        private byte[] head;

        Spilled(Path run) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), BUFFER));
        }

        @Override
        public boolean advance() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                head = null;
                return false;
            }
            if (length < 0) {
                throw new IOException("corrupt CDXJ run: negative line length");
            }
            head = new byte[length];
            in.readFully(head);
            return true;
        }

        @Override
        public byte[] head() {
            return head;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
