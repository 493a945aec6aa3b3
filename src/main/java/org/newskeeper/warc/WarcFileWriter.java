package org.newskeeper.warc;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/**
 * Writes a series of WARC files: each is created as {@code NAME.warc.gz.open} (never over an
 * existing file), starts with a warcinfo record, gets one gzip member per record, and on close is
 * forced to disk and renamed to {@code NAME.warc.gz} without ever replacing a file; its CDXJ index
 * {@code NAME.cdxj} is written the same way beside it. A file that reached the maximum size is
 * closed before the next group of records.
 *
 * <p>Records are submitted in groups (an article's resource and metadata, a capture's response and
 * request) that always land in the same file. Worker threads serialise and compress each record to
 * its own gzip member with jwarc; the members are appended to the file strictly in submission
 * order on the submitting thread, which also runs every callback. Records carry no
 * WARC-Warcinfo-ID, since the file a group lands in is only known when it is appended.
 */
final class WarcFileWriter implements Closeable {
    static final String SUFFIX = ".warc.gz";
    static final String OPEN = ".open";
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
    private final List<String> cdxj = new ArrayList<>();

    /** One record to write, with its CDXJ fields when it is indexed and what to do once it is in the file. */
    record Item(WarcRecord record, Optional<CdxjFields> index, Consumer<Written> onWritten) {
        Item(WarcRecord record, Optional<CdxjFields> index) {
            this(record, index, w -> { });
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
            List<byte[]> members = new ArrayList<>(items.size());
            for (Item i : items) {
                members.add(ser.member(i.record()));
            }
            return new Serialized(items, members);
        }, pool));
        while (!inflight.isEmpty() && (inflight.size() > maxInflight || inflight.peek().isDone())) {
            appendHead();
        }
    }

    /** A group with its gzip members. */
    private record Serialized(List<Item> items, List<byte[]> members) {
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
        List<byte[]> members = group.members();
        if (items.isEmpty()) {
            return;
        }
        if (channel != null && position >= maxSize) {
            finishCurrent();
        }
        ensureOpen();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            byte[] member = members.get(i);
            long offset = position;
            writeFully(member);
            if (item.index().isPresent()) {
                CdxjFields f = item.index().get();
                cdxj.add(new CdxjLine(f.url(), item.record().date(), f.mime(), f.status(), f.digest(), member.length,
                        offset, filename).format());
            }
            item.onWritten().accept(new Written(item.record().id(), item.record().date(), filename, offset,
                    member.length));
        }
    }

    private void writeFully(byte[] bytes) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        position += bytes.length;
    }

    /** Serialises records to gzip members in memory with one reused jwarc writer per thread. */
    private static final class MemberSerializer {
        private final MemoryChannel memory = new MemoryChannel();
        private final WarcWriter writer;

        MemberSerializer() {
            try {
                writer = new WarcWriter(memory, WarcCompression.GZIP);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * The record as one gzip member. jwarc writes a partial record when a body runs short, so
         * the member's ISIZE is checked against header + Content-Length + the CRLF CRLF trailer.
         */
        byte[] member(WarcRecord record) {
            try {
                memory.reset();
                writer.write(record);
                byte[] member = memory.toByteArray();
                long expected = record.serializeHeader().length + record.body().size() + 4;
                int n = member.length;
                long isize = (member[n - 4] & 0xffL) | (member[n - 3] & 0xffL) << 8 | (member[n - 2] & 0xffL) << 16
                        | (member[n - 1] & 0xffL) << 24;
                if (n < 18 || isize != (expected & 0xffffffffL)) {
                    throw new IOException("partial record " + record.id() + ": " + isize + " bytes written, "
                            + expected + " expected");
                }
                return member;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A growable in-memory channel. */
    private static final class MemoryChannel extends java.io.ByteArrayOutputStream
            implements java.nio.channels.WritableByteChannel {
        MemoryChannel() {
            super(1 << 16);
        }

        @Override
        public int write(java.nio.ByteBuffer src) {
            int n = src.remaining();
            if (src.hasArray()) {
                write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                byte[] tmp = new byte[n];
                src.get(tmp);
                write(tmp, 0, n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
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
        channel.force(true);
        channel.close();
        channel = null;
        publish(openPath, finalPath);
        writeCdxj(cdxjPath(finalPath), cdxj);
        cdxj.clear();
        forceDirectory(dir);
        onClosed.accept(new Closed(finalPath, filename, size, opened, clock.instant()));
    }

    /** Stops without publishing the current file: it stays {@code .open}, never counted as archived. */
    void abandon() {
        pool.shutdownNow();
        inflight.clear();
        if (channel != null) {
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

    /** Writes a sorted CDXJ file as {@code .open}, forced, then renamed over any older index of the same WARC. */
    static void writeCdxj(Path target, List<String> lines) throws IOException {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(CdxjLine.ORDER);
        Path tmp = target.resolveSibling(target.getFileName() + OPEN);
        StringBuilder sb = new StringBuilder();
        for (String l : sorted) {
            sb.append(l).append('\n');
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
