package org.newskeeper.warc;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a gzip file member by member, keeping each member's exact offset and length. A member
 * that does not inflate, fails its CRC or length check, or ends early is reported as a {@link Bad}
 * member and reading resumes at the next offset where a gzip member starts and inflates.
 *
 * <p>A file that starts with {@code WARC/} instead (an uncompressed WARC) is read record by record
 * the same way: each "member" is one record as its Content-Length delimits it, and reading
 * resumes at the next {@code WARC/1.} line after a record that does not parse.
 *
 * <p>{@link #next(Reader)} streams a member's content to a reader as it inflates, so a member of
 * any size costs bounded memory; {@link #next()} collects it in memory (for our own files, up to
 * {@link #MAX_INFLATED} bytes).
 */
final class GzipMembers implements Closeable {
    /** The largest member {@link #next()} inflates in memory. */
    static final long MAX_INFLATED = 1L << 30;
    private static final int CHUNK = 64 * 1024;

    /** What the next member is. */
    sealed interface Member permits Good, Streamed, Bad {
        long offset();
    }

    /** A member that inflated and passed its trailer checks, in memory. */
    record Good(long offset, long length, byte[] data) implements Member {
    }

    /** A member that inflated and passed its trailer checks, with what its reader made of its content. */
    record Streamed<T>(long offset, long length, T value) implements Member {
    }

    /** Bytes {@code [offset, offset+length)} that are no good gzip member; reading resynchronised after them. */
    record Bad(long offset, long length, String problem) implements Member {
    }

    /**
     * Reads a member's content as it streams by; it may stop early (the rest is still read and
     * checked). A {@link Damaged} thrown by the content stream makes the member {@link Bad}.
     */
    interface Reader<T> {
        T read(InputStream content) throws IOException;
    }

    /** Thrown by a member's content stream where the member turns out damaged. */
    static final class Damaged extends IOException {
        private static final long serialVersionUID = 1L;

        Damaged(String problem) {
            super(problem);
        }
    }

    private static final byte[] WARC_MAGIC = {'W', 'A', 'R', 'C', '/', '1', '.'};
    private static final int MAX_PLAIN_HEADER = 1 << 20;
    private static final Reader<Void> DRAIN = in -> null;

    private final FileChannel channel;
    private final long size;
    /** Compressed input and a scratch buffer, reused member after member (one member is read at a time). */
    private final byte[] input = new byte[CHUNK];
    private final byte[] scratch = new byte[CHUNK];
    private final boolean plain;
    private long position;

    GzipMembers(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        ByteBuffer head = read(0, 5);
        this.plain = head.remaining() == 5 && head.get(0) == 'W' && head.get(1) == 'A' && head.get(2) == 'R'
                && head.get(3) == 'C' && head.get(4) == '/';
    }

    /** Whether the file is an uncompressed WARC. */
    boolean plain() {
        return plain;
    }

    long size() {
        return size;
    }

    /** The next member with its content in memory ({@link Good}), or empty at the end of the file. */
    Optional<Member> next() throws IOException {
        return next(GzipMembers::collect).map(m -> m instanceof Streamed<?> s
                ? new Good(s.offset(), s.length(), (byte[]) s.value()) : m);
    }

    private static byte[] collect(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_INFLATED) {
                throw new Damaged("gzip member inflates to more than " + MAX_INFLATED + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** The member starting at {@code offset}, as {@link #next(Reader)} reads it from there. */
    <T> Optional<Member> at(long offset, Reader<T> reader) throws IOException {
        position = offset;
        return next(reader);
    }

    /** The next member, its content streamed through {@code reader} ({@link Streamed}), or empty at the end. */
    <T> Optional<Member> next(Reader<T> reader) throws IOException {
        if (position >= size) {
            return Optional.empty();
        }
        long start = position;
        Attempt a = attempt(start, reader);
        if (a.member != null) {
            position = start + a.member.length();
            return Optional.of(a.member);
        }
        // resynchronise: the next offset where a whole member inflates
        long candidate = start + 1;
        while (true) {
            candidate = findMagic(candidate);
            if (candidate < 0) {
                position = size;
                return Optional.of(new Bad(start, size - start, a.problem));
            }
            Attempt next = attempt(candidate, DRAIN);
            if (next.member != null) {
                position = candidate;
                return Optional.of(new Bad(start, candidate - start, a.problem));
            }
            candidate++;
        }
    }

    private record Attempt(Streamed<?> member, String problem) {
    }

    private Attempt attempt(long start, Reader<?> reader) throws IOException {
        return plain ? attemptPlain(start, reader) : attemptGzip(start, reader);
    }

    /** One uncompressed record: header, Content-Length bytes of block, CRLF CRLF. */
    private Attempt attemptPlain(long start, Reader<?> reader) throws IOException {
        ByteBuffer head = read(start, (int) Math.min(CHUNK, size - start));
        byte[] h = new byte[head.remaining()];
        head.get(h);
        if (h.length < WARC_MAGIC.length || RawRecord.indexOf(h, 0, WARC_MAGIC.length, WARC_MAGIC) != 0) {
            return new Attempt(null, "not the start of a WARC record");
        }
        int end = RawRecord.indexOf(h, 0, h.length, RawRecord.CRLFCRLF);
        if (end < 0 && h.length == CHUNK) { // a long header: look further, up to MAX_PLAIN_HEADER
            head = read(start, (int) Math.min(MAX_PLAIN_HEADER, size - start));
            h = new byte[head.remaining()];
            head.get(h);
            end = RawRecord.indexOf(h, 0, h.length, RawRecord.CRLFCRLF);
        }
        if (end < 0) {
            return new Attempt(null, start + h.length >= size ? "truncated: the record's header never ends"
                    : "the record's header has no end within " + MAX_PLAIN_HEADER + " bytes");
        }
        long contentLength = -1;
        for (String line : new String(h, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    contentLength = Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return new Attempt(null, "Content-Length is not a number");
                }
            }
        }
        if (contentLength < 0) {
            return new Attempt(null, "a record without Content-Length");
        }
        long total = end + 4L + contentLength + 4L;
        if (total < 0 || start + total > size) {
            return new Attempt(null, "truncated: the file ends inside the record");
        }
        RangeStream content = new RangeStream(start, start + total);
        try {
            Object value = reader.read(content);
            content.drain();
            return new Attempt(new Streamed<>(start, total, value), null);
        } catch (Damaged d) {
            return new Attempt(null, d.getMessage());
        }
    }

    private Attempt attemptGzip(long start, Reader<?> reader) throws IOException {
        ByteBuffer head = read(start, 10);
        if (head.remaining() < 10) {
            return new Attempt(null, "truncated gzip header (" + head.remaining() + " bytes at end of file)");
        }
        if ((head.get(0) & 0xff) != 0x1f || (head.get(1) & 0xff) != 0x8b || head.get(2) != 8) {
            return new Attempt(null, "not the start of a gzip member");
        }
        int flags = head.get(3) & 0xff;
        long p = start + 10;
        if ((flags & 4) != 0) { // FEXTRA
            ByteBuffer x = read(p, 2);
            if (x.remaining() < 2) {
                return new Attempt(null, "truncated gzip header");
            }
            p += 2 + ((x.get(0) & 0xff) | (x.get(1) & 0xff) << 8);
        }
        if ((flags & 8) != 0) { // FNAME
            p = skipZeroTerminated(p);
        }
        if ((flags & 16) != 0 && p >= 0) { // FCOMMENT
            p = skipZeroTerminated(p);
        }
        if ((flags & 2) != 0 && p >= 0) { // FHCRC
            p += 2;
        }
        if (p < 0 || p > size) {
            return new Attempt(null, "truncated gzip header");
        }
        Inflater inflater = new Inflater(true);
        try {
            InflatingStream content = new InflatingStream(inflater, p);
            Object value;
            try {
                value = reader.read(content);
                content.drain();
            } catch (Damaged d) {
                return new Attempt(null, d.getMessage());
            }
            long dataEnd = content.fed - inflater.getRemaining();
            ByteBuffer trailer = read(dataEnd, 8);
            if (trailer.remaining() < 8) {
                return new Attempt(null, "truncated: the gzip member has no complete trailer");
            }
            trailer.order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long storedCrc = trailer.getInt(0) & 0xffffffffL;
            long storedSize = trailer.getInt(4) & 0xffffffffL;
            if (storedCrc != content.crc.getValue()) {
                return new Attempt(null, "gzip CRC32 mismatch");
            }
            if (storedSize != (content.count & 0xffffffffL)) {
                return new Attempt(null, "gzip ISIZE mismatch");
            }
            return new Attempt(new Streamed<>(start, dataEnd + 8 - start, value), null);
        } finally {
            inflater.end();
        }
    }

    /** A member's inflated content, read from the file as it is asked for; damage is a {@link Damaged}. */
    private final class InflatingStream extends InputStream {
        private final Inflater inflater;
        private final CRC32 crc = new CRC32();
        private long fed;
        private long count;

        InflatingStream(Inflater inflater, long from) {
            this.inflater = inflater;
            this.fed = from;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                while (!inflater.finished()) {
                    if (inflater.needsInput()) {
                        int n = readInto(input, 0, CHUNK, fed);
                        if (n == 0) {
                            throw new Damaged("truncated: the gzip member ends before its data does");
                        }
                        inflater.setInput(input, 0, n);
                        fed += n;
                    }
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) {
                        crc.update(b, off, n);
                        count += n;
                        return n;
                    }
                    if (inflater.needsDictionary()) {
                        throw new Damaged("gzip member needs a preset dictionary");
                    }
                }
                return -1;
            } catch (DataFormatException e) {
                throw new Damaged("corrupt deflate data: " + e.getMessage());
            }
        }

        void drain() throws IOException {
            while (read(scratch, 0, scratch.length) >= 0) {
                // the rest of the member is checked all the same
            }
        }
    }

    /** The bytes {@code [from, to)} of the file. */
    private final class RangeStream extends InputStream {
        private long at;
        private final long to;

        RangeStream(long from, long to) {
            this.at = from;
            this.to = to;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at >= to) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = readInto(b, off, (int) Math.min(len, to - at), at);
            if (n == 0) {
                throw new Damaged("truncated: the file ends inside the record");
            }
            at += n;
            return n;
        }

        void drain() {
            at = to;
        }
    }

    private long skipZeroTerminated(long p) throws IOException {
        while (p < size) {
            ByteBuffer b = read(p, 256);
            for (int i = 0; i < b.remaining(); i++) {
                if (b.get(i) == 0) {
                    return p + i + 1;
                }
            }
            p += b.remaining();
        }
        return -1;
    }

    private long findMagic(long from) throws IOException {
        byte[] magic = plain ? WARC_MAGIC : new byte[] {0x1f, (byte) 0x8b, 8};
        long p = from;
        while (p < size) {
            ByteBuffer b = read(p, CHUNK + magic.length);
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            int i = RawRecord.indexOf(chunk, 0, chunk.length, magic);
            if (i >= 0) {
                return p + i;
            }
            if (chunk.length <= magic.length) {
                return -1;
            }
            p += chunk.length - magic.length + 1;
        }
        return -1;
    }

    /** Reads up to {@code len} bytes at {@code at} into {@code b[off...]}; fewer only at the end of the file. */
    private int readInto(byte[] b, int off, int len, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        long p = at;
        while (buf.hasRemaining() && p < size) {
            int n = channel.read(buf, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
        return (int) (p - at);
    }

    private ByteBuffer read(long at, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        long p = at;
        while (b.hasRemaining() && p < size) {
            int n = channel.read(b, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
        b.flip();
        return b;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
