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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private int serial;

    private Path openPath;
    private Path finalPath;
    private String filename;
    private FileChannel channel;
    private WarcWriter writer;
    private URI warcinfoId;
    private Instant opened;
    private final List<String> cdxj = new ArrayList<>();

    WarcFileWriter(Path dir, String prefix, String host, long maxSize, Clock clock,
            Map<String, List<String>> infoFields) {
        this.dir = dir;
        this.prefix = prefix;
        this.host = host;
        this.maxSize = maxSize;
        this.clock = clock;
        this.infoFields = new LinkedHashMap<>(infoFields);
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

    /** The current file's warcinfo record ID, opening a file when none is open. */
    URI warcinfoId() throws IOException {
        ensureOpen();
        return warcinfoId;
    }

    /** The current file's final name, opening a file when none is open. */
    String filename() throws IOException {
        ensureOpen();
        return filename;
    }

    /** Appends one record, as one gzip member; with a CDXJ line for it when {@code index} gives one. */
    Written write(WarcRecord record, Optional<CdxjFields> index) throws IOException {
        ensureOpen();
        long offset = writer.position();
        writer.write(record);
        long length = writer.position() - offset;
        if (index.isPresent()) {
            CdxjFields f = index.get();
            cdxj.add(new CdxjLine(f.url(), record.date(), f.mime(), f.status(), f.digest(), length, offset, filename)
                    .format());
        }
        return new Written(record.id(), record.date(), filename, offset, length);
    }

    /** What the CDXJ line of a record says beside its place. */
    record CdxjFields(String url, String mime, Optional<Integer> status, String digest) {
    }

    /** Closes the current file when it has reached the maximum size. */
    Optional<Closed> rotateIfFull() throws IOException {
        if (writer != null && writer.position() >= maxSize) {
            return finish();
        }
        return Optional.empty();
    }

    /** Closes the current file, if any: force, rename, index. */
    Optional<Closed> finish() throws IOException {
        if (writer == null) {
            return Optional.empty();
        }
        long size = writer.position();
        channel.force(true);
        writer.close();
        writer = null;
        channel = null;
        publish(openPath, finalPath);
        Path cdxPath = cdxjPath(finalPath);
        writeCdxj(cdxPath, cdxj);
        cdxj.clear();
        forceDirectory(dir);
        return Optional.of(new Closed(finalPath, filename, size, opened, clock.instant()));
    }

    /** Closes the current file without publishing it: it stays {@code .open}, never counted as archived. */
    void abandon() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the file stays .open; nothing refers to it
            }
            writer = null;
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
        if (writer != null) {
            return;
        }
        Files.createDirectories(dir);
        while (true) {
            opened = clock.instant();
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
        writer = new WarcWriter(channel, WarcCompression.GZIP);
        Warcinfo info = warcinfo();
        warcinfoId = info.id();
        writer.write(info);
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
