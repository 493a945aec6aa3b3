package org.newskeeper.warc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.newskeeper.Version;
import org.newskeeper.history.ArchiveIndex;

/**
 * Writes {@code <collection>.wacz} (WACZ 1.1.1): {@code archive/} with every WARC of the
 * collection stored uncompressed in the zip (so players can read ranges), {@code indexes/index.cdxj},
 * {@code pages/pages.jsonl}, {@code datapackage.json} with a sha256 hash and size per file, and
 * {@code datapackage-digest.json}.
 */
final class WaczPackage {
    static final String WACZ_VERSION = "1.1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WaczPackage() {
    }

    static Path write(Path out, String collection, List<ArchiveIndex.FileEntry> files, Clock clock) throws IOException {
        List<Path> warcs = new ArrayList<>();
        for (ArchiveIndex.FileEntry f : files) {
            Path p = out.resolve(f.filename());
            if (Files.isRegularFile(p)) {
                warcs.add(p);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Path w : warcs) {
            Path cdx = WarcFileWriter.cdxjPath(w);
            if (Files.exists(cdx)) {
                lines.addAll(Files.readAllLines(cdx, StandardCharsets.UTF_8));
            }
        }
        lines.removeIf(String::isBlank);
        lines.sort(CdxjLine.ORDER);
        byte[] index = (String.join("\n", lines) + (lines.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
        byte[] pages = pages(lines);

        Path target = out.resolve(collection + ".wacz");
        Path tmp = out.resolve(collection + ".wacz" + WarcFileWriter.OPEN);
        ArrayNode resources = JSON.createArrayNode();
        try (OutputStream fos = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(fos)) {
            for (Path w : warcs) {
                String name = "archive/" + w.getFileName();
                stored(zip, name, w);
                resources.add(resource(name, sha256(w), Files.size(w)));
            }
            deflated(zip, "indexes/index.cdxj", index);
            resources.add(resource("indexes/index.cdxj", sha256(index), index.length));
            deflated(zip, "pages/pages.jsonl", pages);
            resources.add(resource("pages/pages.jsonl", sha256(pages), pages.length));
            ObjectNode dp = JSON.createObjectNode();
            dp.put("profile", "data-package");
            dp.put("wacz_version", WACZ_VERSION);
            dp.put("title", collection);
            dp.put("description", "newskeeper archive of collection " + collection);
            dp.put("created", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            dp.put("software", Version.NAME + " " + Version.version());
            dp.set("resources", resources);
            byte[] datapackage = JSON.writeValueAsBytes(dp);
            deflated(zip, "datapackage.json", datapackage);
            ObjectNode digest = JSON.createObjectNode();
            digest.put("path", "datapackage.json");
            digest.put("hash", "sha256:" + sha256(datapackage));
            deflated(zip, "datapackage-digest.json", JSON.writeValueAsBytes(digest));
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** pages.jsonl: HTML pages captured (2xx), or else the articles themselves. */
    private static byte[] pages(List<String> lines) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        List<ObjectNode> html = new ArrayList<>();
        List<ObjectNode> articles = new ArrayList<>();
        for (String line : lines) {
            Optional<JsonNode> f = CdxjLine.fields(line);
            if (f.isEmpty()) {
                continue;
            }
            JsonNode j = f.get();
            String url = j.path("url").asText();
            String mime = j.path("mime").asText();
            String ts = line.split(" ", 3)[1];
            boolean ok = j.path("status").asText("").startsWith("2");
            if (mime.equals("text/html") && ok && seen.add(url)) {
                html.add(page(url, ts));
            } else if (mime.equals("text/markdown") && seen.add(url)) {
                articles.add(page(url, ts));
            }
        }
        StringBuilder sb = new StringBuilder("{\"format\": \"json-pages-1.0\", \"id\": \"pages\", \"title\": \"All Pages\"}\n");
        for (ObjectNode p : html.isEmpty() ? articles : html) {
            sb.append(JSON.writeValueAsString(p)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode page(String url, String ts14) {
        ObjectNode p = JSON.createObjectNode();
        p.put("id", UUID.nameUUIDFromBytes(url.getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""));
        p.put("url", url);
        p.put("ts", ts14.substring(0, 4) + "-" + ts14.substring(4, 6) + "-" + ts14.substring(6, 8) + "T"
                + ts14.substring(8, 10) + ":" + ts14.substring(10, 12) + ":" + ts14.substring(12, 14) + "Z");
        return p;
    }

    private static ObjectNode resource(String path, String sha256, long bytes) {
        ObjectNode r = JSON.createObjectNode();
        r.put("name", path.substring(path.lastIndexOf('/') + 1));
        r.put("path", path);
        r.put("hash", "sha256:" + sha256);
        r.put("bytes", bytes);
        return r;
    }

    private static void stored(ZipOutputStream zip, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(Files.size(file));
        e.setCompressedSize(Files.size(file));
        e.setCrc(crc.getValue());
        e.setTime(Files.getLastModifiedTime(file).toMillis());
        zip.putNextEntry(e);
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static void deflated(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(Instant.now().toEpochMilli());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static String sha256(byte[] data) {
        MessageDigest md = Digests.sha256();
        md.update(data);
        return Digests.hex(md);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md = Digests.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return Digests.hex(md);
    }
}
