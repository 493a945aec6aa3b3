package org.newskeeper.warc;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageBody;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.Warcinfo;

/**
 * Writes a series of WARC files: each is created as {@code NAME.warc.gz.open} (never over an
 * existing file), starts with a warcinfo record, gets one gzip member per record, and on close is
 * forced to disk and renamed to {@code NAME.warc.gz} without ever replacing a file; its CDXJ index
 * {@code NAME.cdxj} is written the same way beside it. A file that reached the maximum size is
 * closed before the next group of records.
 *
 * <p>Records are submitted in groups (an article's resource and metadata, a capture's response and
 * request) that always land in the same file. Worker threads serialise each record's header with
 * jwarc and deflate header and block to its own gzip member; the members are appended to the file
 * strictly in submission order on the submitting thread, which also runs every callback. Records carry no
 * WARC-Warcinfo-ID, since the file a group lands in is only known when it is appended.
 */
final class WarcFileWriter implements Closeable {
    static final String SUFFIX = ".warc.gz";
    static final String OPEN = ".open";
    /** The deflate level of every member: jwarc's (its GzipChannel uses 9). */
    static final int LEVEL = 9;
    private static final DateTimeFormatter NAME_TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** Where a record went. */
    record Written(URI id, Instant date, String filename, long offset, long length) {
    }

    /** A WARC file that is complete under its final name. */
    record Closed(Path path, String filename, long size, Instant opened, Instant closed) {
    }

    private final Path dir;
    private final String prefix;
    private final String host;
    private final long maxSize;
    private final Clock clock;
    private final Map<String, List<String>> infoFields;
    private final Consumer<Closed> onClosed;
    private final ExecutorService pool;
    private final ArrayDeque<CompletableFuture<Serialized>> inflight = new ArrayDeque<>();
    private final int maxInflight;
    private final ThreadLocal<MemberSerializer> serializers = ThreadLocal.withInitial(MemberSerializer::new);
    private int serial;

    private Path openPath;
    private Path finalPath;
    private String filename;
    private FileChannel channel;
    private long position;
    private Instant opened;
    /** The CDXJ index of the current file, spilled to sorted runs beside it as it grows. */
    private CdxjSorter cdxj;
    private static final int PENDING_BYTES = 1 << 20;
    /** Members appended but not yet written to the current file. */
    private final ByteBuffer pending = ByteBuffer.allocateDirect(PENDING_BYTES);

    /**
     * One record to write, with its CDXJ fields when it is indexed and what to do once it is in the
     * file; {@code block}, when present, is the record's block as the array it was built from, deflated
     * from there rather than copied out of the record's body.
     */
    record Item(WarcRecord record, Optional<CdxjFields> index, Consumer<Written> onWritten, Optional<byte[]> block) {
        Item(WarcRecord record, Optional<CdxjFields> index, Consumer<Written> onWritten) {
            this(record, index, onWritten, Optional.empty());
        }

        Item(WarcRecord record, Optional<CdxjFields> index) {
            this(record, index, w -> { });
        }

        /** A record whose block is {@code block} (as given to its builder). */
        static Item withBlock(WarcRecord record, byte[] block, Optional<CdxjFields> index, Consumer<Written> onWritten) {
            return new Item(record, index, onWritten, Optional.of(block));
        }

        byte[] member(MemberSerializer ser) {
            return block.isPresent() ? ser.member(record, block.get()) : ser.member(record);
        }
    }

    /**
     * @param onClosed called (on the submitting thread) for each file once it is final, after the
     *                 callbacks of all its records
     * @param threads  how many threads compress records
     */
    WarcFileWriter(Path dir, String prefix, String host, long maxSize, Clock clock,
            Map<String, List<String>> infoFields, Consumer<Closed> onClosed, int threads) {
        this.dir = dir;
        this.prefix = prefix;
        this.host = host;
        this.maxSize = maxSize;
        this.clock = clock;
        this.infoFields = new LinkedHashMap<>(infoFields);
        this.onClosed = onClosed;
        this.maxInflight = Math.max(4, threads * 16);
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "warc-gzip");
            t.setDaemon(true);
            return t;
        });
    }

    /** Submits a group of records that must stay together in one file; may append earlier groups. */
    void submit(List<Item> group) throws IOException {
        List<Item> items = List.copyOf(group);
        submit(() -> items);
    }

    /**
     * Submits a group built on a worker thread (the builder must not touch state of the submitting
     * thread); the group may be empty. May append earlier groups.
     */
    void submit(java.util.function.Supplier<List<Item>> builder) throws IOException {
        inflight.add(CompletableFuture.supplyAsync(() -> {
            List<Item> items = List.copyOf(builder.get());
            MemberSerializer ser = serializers.get();
            List<Member> members = new ArrayList<>(items.size());
            for (Item i : items) {
                members.add(new Member(i.member(ser), i.record().id(), i.record().date()));
            }
            return new Serialized(items, members);
        }, pool));
        while (!inflight.isEmpty() && (inflight.size() > maxInflight || inflight.peek().isDone())) {
            appendHead();
        }
    }

    /** A group with its gzip members. */
    private record Serialized(List<Item> items, List<Member> members) {
    }

    /** A record's gzip member, with its ID and date read from its header on the worker thread. */
    private record Member(byte[] bytes, URI id, Instant date) {
    }

    /** Appends every submitted group. */
    void flush() throws IOException {
        while (!inflight.isEmpty()) {
            appendHead();
        }
    }

    private void appendHead() throws IOException {
        Serialized group;
        try {
            group = inflight.poll().join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("cannot serialise a record: " + c, c);
        }
        List<Item> items = group.items();
        List<Member> members = group.members();
        if (items.isEmpty()) {
            return;
        }
        if (channel != null && position >= maxSize) {
            finishCurrent();
        }
        ensureOpen();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Member member = members.get(i);
            long offset = position;
            writeFully(member.bytes());
            if (item.index().isPresent()) {
                CdxjFields f = item.index().get();
                cdxj.add(new CdxjLine(f.url(), member.date(), f.mime(), f.status(), f.digest(), member.bytes().length,
                        offset, filename).format());
            }
            item.onWritten().accept(new Written(member.id(), member.date(), filename, offset, member.bytes().length));
        }
    }

    /**
     * Appends bytes to the current file through {@link #pending}: members are small, so they reach
     * the file in writes of up to {@link #PENDING_BYTES}, not one system call each.
     */
    private void writeFully(byte[] bytes) throws IOException {
        if (bytes.length > pending.remaining()) {
            drain();
        }
        if (bytes.length > pending.remaining()) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } else {
            pending.put(bytes);
        }
        position += bytes.length;
    }

    /** Writes what {@link #pending} holds to the current file. */
    private void drain() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            channel.write(pending);
        }
        pending.clear();
    }

    /**
     * Serialises records to gzip members in memory, one reused {@link Deflater} per thread: the
     * header jwarc serialises, the block, and the CRLF CRLF trailer are deflated into one member
     * (gzip header as jwarc writes it, level {@value #LEVEL}, CRC-32 and ISIZE trailer). A body
     * that runs short of its Content-Length (or over it) fails: no partial record is ever returned.
     */
    static final class MemberSerializer {
        /** jwarc's GzipChannel's header: deflate, no flags, no time, no extra flags, OS 0. */
        private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0};
        private static final byte[] TRAILER = {'\r', '\n', '\r', '\n'};
        private final Deflater deflater = new Deflater(LEVEL, true);
        private final CRC32 crc = new CRC32();
        private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
        private byte[] out = new byte[1 << 16];
        private int length;

        /**
         * The record as one gzip member, its block deflated straight from {@code block}, which must be
         * the bytes its body was built from (checked against its Content-Length).
         */
        byte[] member(WarcRecord record, byte[] block) {
            try {
                long declared = record.body().size();
                if (block.length != declared) {
                    throw new IOException("record " + record.id() + ": a block of " + block.length + " bytes, "
                            + declared + " declared");
                }
                start(record);
                deflate(block, 0, block.length);
                return end();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The record as one gzip member. */
        byte[] member(WarcRecord record) {
            try {
                start(record);
                MessageBody body = record.body();
                long declared = body.size();
                long read = 0;
                while (true) {
                    in.clear();
                    int n = body.read(in);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                    deflate(in.array(), 0, in.position());
                }
                if (read != declared) {
                    throw new IOException("partial record " + record.id() + ": " + read + " bytes of block read, "
                            + declared + " expected");
                }
                return end();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Starts a member: the gzip header, then the record's WARC header deflated. */
        private void start(WarcRecord record) throws IOException {
            deflater.reset();
            crc.reset();
            length = 0;
            put(GZIP_HEADER);
            byte[] header = record.serializeHeader();
            deflate(header, 0, header.length);
        }

        /** Ends a member after its block: the CRLF CRLF trailer deflated, then CRC-32 and ISIZE. */
        private byte[] end() {
            deflate(TRAILER, 0, TRAILER.length);
            deflater.finish();
            while (!deflater.finished()) {
                room();
                length += deflater.deflate(out, length, out.length - length);
            }
            long isize = deflater.getBytesRead();
            putIntLe((int) crc.getValue());
            putIntLe((int) isize);
            return Arrays.copyOf(out, length);
        }

        private void deflate(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            crc.update(b, off, len);
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) {
                room();
                length += deflater.deflate(out, length, out.length - length);
            }
        }

        /** At least 4 KiB free at the end of the output buffer. */
        private void room() {
            if (out.length - length < 4096) {
                out = Arrays.copyOf(out, out.length * 2);
            }
        }

        private void put(byte[] b) {
            room();
            System.arraycopy(b, 0, out, length, b.length);
            length += b.length;
        }

        private void putIntLe(int v) {
            room();
            out[length++] = (byte) v;
            out[length++] = (byte) (v >>> 8);
            out[length++] = (byte) (v >>> 16);
            out[length++] = (byte) (v >>> 24);
        }
    }

    /** The host part of file names: the local host name, reduced to safe characters. */
    static String localHost() {
        String name;
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = "localhost";
        }
        String safe = name.replaceAll("[^A-Za-z0-9.-]", "-");
        return safe.isEmpty() ? "localhost" : safe;
    }

    /** What the CDXJ line of a record says beside its place. */
    record CdxjFields(String url, String mime, Optional<Integer> status, String digest) {
    }

    /** Appends everything submitted and closes the current file, if any: force, rename, index. */
    void finish() throws IOException {
        flush();
        finishCurrent();
        pool.shutdown();
    }

    private void finishCurrent() throws IOException {
        if (channel == null) {
            return;
        }
        long size = position;
        drain();
        channel.force(true);
        channel.close();
        channel = null;
        publish(openPath, finalPath);
        CdxjSorter index = cdxj;
        cdxj = null;
        index.finish();
        forceDirectory(dir);
        onClosed.accept(new Closed(finalPath, filename, size, opened, clock.instant()));
    }

    /** Stops without publishing the current file: it stays {@code .open}, never counted as archived. */
    void abandon() {
        pool.shutdownNow();
        inflight.clear();
        if (cdxj != null) {
            try {
                cdxj.close();
            } catch (IOException ignored) {
                // a spilled run left behind is a .cdxj.open file: the next pack deletes it
            }
            cdxj = null;
        }
        if (channel != null) {
            pending.clear();
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file stays .open; nothing refers to it
            }
            channel = null;
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    /** {@code NAME.cdxj} beside {@code NAME.warc.gz}. */
    static Path cdxjPath(Path warc) {
        String n = warc.getFileName().toString();
        String base = n.endsWith(SUFFIX) ? n.substring(0, n.length() - SUFFIX.length()) : n;
        return warc.resolveSibling(base + ".cdxj");
    }

    /** Renames {@code from} to {@code to} atomically, failing rather than replacing an existing file. */
    static void publish(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from); // atomic, and fails when the target exists
            Files.delete(from);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw e;
            }
            if (Files.exists(to)) {
                throw new FileAlreadyExistsException(to.toString());
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can sync a directory; the rename is still atomic
        }
    }

    private void ensureOpen() throws IOException {
        if (channel != null) {
            return;
        }
        Files.createDirectories(dir);
        while (true) {
            opened = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            filename = String.format("%s-%s-%05d-%s%s", prefix, NAME_TS.format(opened), serial++, host, SUFFIX);
            finalPath = dir.resolve(filename);
            openPath = dir.resolve(filename + OPEN);
            if (Files.exists(finalPath) || Files.exists(cdxjPath(finalPath))) {
                continue;
            }
            try {
                channel = FileChannel.open(openPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException e) {
                // a leftover or another writer's file: take the next serial
            }
        }
        position = 0;
        pending.clear();
        cdxj = new CdxjSorter(cdxjPath(finalPath));
        writeFully(serializers.get().member(warcinfo()));
    }

    private Warcinfo warcinfo() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : infoFields.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(e.getKey()).append(": ").append(v.replaceAll("[\\r\\n]+", " ")).append("\r\n");
            }
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        return new Warcinfo.Builder()
                .version(MessageVersion.WARC_1_1)
                .date(opened)
                .filename(filename)
                .body(MediaType.WARC_FIELDS, body)
                .blockDigest(new WarcDigest(Digests.sha1(body)))
                .build();
    }
}
