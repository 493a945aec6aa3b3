package org.newskeeper.warc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Verifies one WACZ package for {@link Verifier}: the zip reads, each entry's CRC; {@code
 * datapackage.json} (WACZ 1.1.1 fields; each resource's size and hash against its entry; every
 * entry listed) and {@code datapackage-digest.json}; each {@code archive/} WARC as a loose WARC is
 * verified (extracted to a temporary file, deleted afterwards); the CDXJ indexes under {@code
 * indexes/} against the member WARCs; {@code pages/pages.jsonl} against the index. Problems inside
 * the package name {@code PACKAGE!ENTRY}, with the offset inside the entry.
 */
final class WaczVerifier {
    static final String SUFFIX = ".wacz";
    static final String DATAPACKAGE = "datapackage.json";
    static final String DATAPACKAGE_DIGEST = "datapackage-digest.json";
    static final String PAGES = "pages/pages.jsonl";
    private static final String ARCHIVE = "archive/";
    private static final String INDEXES = "indexes/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TS14 = Pattern.compile("\\d{14}");

    /** An entry as read: its size and the hash datapackage.json's resource asks for, when it names one. */
    private record Read(long bytes, Optional<String> hash) {
    }

    private final Verifier verifier;
    private final Path path;
    private final String file;
    private final Map<String, Read> read = new LinkedHashMap<>();
    private final Set<String> unreadable = new HashSet<>();
    /** The bytes of the small metadata entries (datapackage.json, datapackage-digest.json). */
    private final Map<String, byte[]> kept = new LinkedHashMap<>();
    /** The index and pages entries that read, checked line by line from the zip afterwards. */
    private final Set<String> lineEntries = new java.util.TreeSet<>();
    /** The member WARCs' records, by the file name CDXJ lines give them. */
    private final Map<String, ExpectedIndex> warcs = new LinkedHashMap<>();
    /** datapackage.json's resources by path. */
    private final Map<String, JsonNode> resources = new LinkedHashMap<>();

    WaczVerifier(Verifier verifier, Path path) {
        this.verifier = verifier;
        this.path = path;
        this.file = path.toString();
    }

    private String in(String entry) {
        return file + "!" + entry;
    }

    private void problem(String where, long offset, String check, String message) {
        verifier.problem(where, offset, check, message);
    }

    void verify() throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (IOException e) {
            problem(file, 0, "wacz", "not a readable zip file (" + e.getMessage() + ")");
            return;
        }
        try (zip) {
            boolean listed = datapackage(zip);
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    entry(zip, e);
                }
            }
            if (listed) {
                resources();
            }
            digest();
            Set<String> indexed = indexes(zip);
            pages(zip, indexed);
        }
    }

    /**
     * Parses datapackage.json and checks its WACZ fields; remembers its resources.
     *
     * @return whether it lists resources
     */
    private boolean datapackage(ZipFile zip) {
        ZipEntry e = zip.getEntry(DATAPACKAGE);
        if (e == null) {
            problem(file, 0, "wacz-datapackage", "no " + DATAPACKAGE);
            return false;
        }
        JsonNode dp;
        try (InputStream in = zip.getInputStream(e)) {
            dp = JSON.readTree(in);
        } catch (IOException x) {
            problem(in(DATAPACKAGE), 0, "wacz-datapackage", "not JSON: " + oneLine(x));
            return false;
        }
        if (dp == null || !dp.isObject()) {
            problem(in(DATAPACKAGE), 0, "wacz-datapackage", "not a JSON object");
            return false;
        }
        if (!dp.path("profile").asText().equals("data-package")) {
            problem(in(DATAPACKAGE), 0, "wacz-datapackage", "profile is " + describe(dp.get("profile"))
                    + ", not \"data-package\"");
        }
        if (!dp.path("wacz_version").isTextual() || dp.path("wacz_version").asText().isBlank()) {
            problem(in(DATAPACKAGE), 0, "wacz-datapackage", "no wacz_version");
        }
        if (!dp.path("resources").isArray()) {
            problem(in(DATAPACKAGE), 0, "wacz-datapackage", "no resources array");
            return false;
        }
        for (JsonNode r : dp.path("resources")) {
            String p = r.path("path").asText("");
            if (p.isEmpty()) {
                problem(in(DATAPACKAGE), 0, "wacz-datapackage", "a resource without a path: " + r);
            } else if (resources.put(p, r) != null) {
                problem(in(DATAPACKAGE), 0, "wacz-datapackage", "resource " + p + " is listed twice");
            }
        }
        return true;
    }

    /** Reads one entry: its size, CRC and hash; a WARC member is verified, metadata is kept. */
    private void entry(ZipFile zip, ZipEntry e) throws IOException {
        String name = e.getName();
        boolean warc = name.startsWith(ARCHIVE) && (name.endsWith(WarcFileWriter.SUFFIX) || name.endsWith(".warc"));
        JsonNode resource = resources.get(name);
        String declared = resource == null ? "" : resource.path("hash").asText("");
        int colon = declared.indexOf(':');
        Optional<MessageDigest> md = colon > 0 ? DigestCheck.algorithm(declared.substring(0, colon)) : Optional.empty();
        CRC32 crc = new CRC32();
        Path temp = warc ? Files.createTempFile("newskeeper-wacz-", name.endsWith(".warc") ? ".warc" : ".warc.gz") : null;
        try {
            long size = 0;
            java.io.ByteArrayOutputStream metadata = keep(name) ? new java.io.ByteArrayOutputStream() : null;
            try (InputStream in = zip.getInputStream(e); OutputStream out = warc ? Files.newOutputStream(temp)
                    : metadata != null ? metadata : OutputStream.nullOutputStream()) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    crc.update(buf, 0, n);
                    if (md.isPresent()) {
                        md.get().update(buf, 0, n);
                    }
                    out.write(buf, 0, n);
                    size += n;
                }
            } catch (IOException x) {
                unreadable.add(name);
                problem(in(name), 0, "wacz", "the zip entry does not read: " + oneLine(x));
                return;
            }
            if (metadata != null) {
                kept.put(name, metadata.toByteArray());
            } else if (isIndex(name) || name.equals(PAGES)) {
                lineEntries.add(name);
            }
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                problem(in(name), 0, "zip-crc", String.format("CRC-32 %08x but the zip says %08x", crc.getValue(),
                        e.getCrc()));
            }
            read.put(name, new Read(size, md.map(m -> DigestCheck.encode(declared.substring(0, colon),
                    declared.substring(colon + 1).trim(), m))));
            if (warc) {
                String warcName = name.substring(ARCHIVE.length());
                warcs.put(warcName, verifier.verifyWarc(temp, in(name), warcName));
            }
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static boolean keep(String name) {
        return name.equals(DATAPACKAGE) || name.equals(DATAPACKAGE_DIGEST);
    }

    /**
     * A CDX(J) index of records: {@code .cdxj} as we write it, or the gzip-compressed {@code .cdx.gz}
     * of a ZipNum index as py-wacz writes for large packages (its {@code .idx} is a secondary index
     * of blocks, not of records, and is only hashed).
     */
    private static boolean isIndex(String name) {
        return name.startsWith(INDEXES) && (name.endsWith(".cdxj") || name.endsWith(".cdx")
                || name.endsWith(".cdxj.gz") || name.endsWith(".cdx.gz"));
    }

    /** The index's lines as they stream from the zip: gzip (one member per block in a ZipNum index) taken off. */
    private static InputStream indexLines(ZipFile zip, String name) throws IOException {
        InputStream in = zip.getInputStream(zip.getEntry(name));
        return name.endsWith(".gz") ? new java.util.zip.GZIPInputStream(in, 1 << 16) : in;
    }

    /** Each resource is an entry of its size and hash; each entry is a resource. */
    private void resources() {
        for (Map.Entry<String, JsonNode> r : resources.entrySet()) {
            String p = r.getKey();
            Read entry = read.get(p);
            if (entry == null && unreadable.contains(p)) {
                continue;
            }
            if (entry == null) {
                problem(in(DATAPACKAGE), 0, "wacz-missing", "resource " + p + " is not in the zip");
                continue;
            }
            JsonNode bytes = r.getValue().path("bytes");
            if (!bytes.canConvertToLong() || bytes.asLong() != entry.bytes()) {
                problem(in(p), 0, "wacz-size", DATAPACKAGE + " gives " + describe(r.getValue().get("bytes"))
                        + " bytes but the entry has " + entry.bytes());
            }
            String hash = r.getValue().path("hash").asText("");
            if (entry.hash().isEmpty()) {
                problem(in(p), 0, "wacz-hash", DATAPACKAGE + " gives " + (hash.isEmpty() ? "no hash"
                        : "hash " + hash + " of an unknown algorithm"));
            } else if (!entry.hash().get().equals(Digests.normalise(hash))) {
                problem(in(p), 0, "wacz-hash", DATAPACKAGE + " gives " + hash + " but the entry's is "
                        + entry.hash().get().toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (String name : read.keySet()) {
            if (!name.equals(DATAPACKAGE) && !name.equals(DATAPACKAGE_DIGEST) && !resources.containsKey(name)) {
                problem(in(name), 0, "wacz-unlisted", "the entry is not among " + DATAPACKAGE + "'s resources");
            }
        }
    }

    /** datapackage-digest.json, when there is one, hashes datapackage.json as it is. */
    private void digest() {
        byte[] text = kept.get(DATAPACKAGE_DIGEST);
        byte[] datapackage = kept.get(DATAPACKAGE);
        if (text == null || datapackage == null) {
            return;
        }
        JsonNode d;
        try {
            d = JSON.readTree(text);
        } catch (IOException x) {
            problem(in(DATAPACKAGE_DIGEST), 0, "wacz-digest", "not JSON: " + oneLine(x));
            return;
        }
        String hash = d == null ? "" : d.path("hash").asText("");
        int colon = hash.indexOf(':');
        Optional<MessageDigest> md = colon > 0 ? DigestCheck.algorithm(hash.substring(0, colon)) : Optional.empty();
        if (md.isEmpty()) {
            problem(in(DATAPACKAGE_DIGEST), 0, "wacz-digest", hash.isEmpty() ? "no hash" : "hash " + hash
                    + " of an unknown algorithm");
            return;
        }
        if (d.has("path") && !d.path("path").asText().equals(DATAPACKAGE)) {
            problem(in(DATAPACKAGE_DIGEST), 0, "wacz-digest", "path is " + describe(d.get("path")) + ", not "
                    + DATAPACKAGE);
        }
        md.get().update(datapackage);
        String computed = DigestCheck.encode(hash.substring(0, colon), hash.substring(colon + 1).trim(), md.get());
        if (!computed.equals(Digests.normalise(hash))) {
            problem(in(DATAPACKAGE_DIGEST), 0, "wacz-digest", "hash " + hash + " but " + DATAPACKAGE + "'s is "
                    + computed.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The CDXJ indexes against the member WARCs, line by line; returns the URLs they index. */
    private Set<String> indexes(ZipFile zip) {
        List<String> names = lineEntries.stream().filter(WaczVerifier::isIndex).toList();
        Set<String> urls = new HashSet<>();
        if (names.isEmpty()) {
            if (read.keySet().stream().noneMatch(WaczVerifier::isIndex)) {
                problem(file, 0, "wacz-index", "no CDXJ index (.cdxj, .cdx or .cdx.gz) under " + INDEXES);
            }
            return urls;
        }
        for (String name : names) {
            try (InputStream lines = indexLines(zip, name)) {
                verifier.index().verify(in(name), lines, warcs, Optional.of(urls));
            } catch (IOException x) {
                problem(in(name), 0, "wacz-index", "the compressed index does not decompress: " + oneLine(x));
            }
        }
        verifier.index().missing(in(names.size() == 1 ? names.get(0) : INDEXES), warcs);
        return urls;
    }

    /** pages.jsonl: a header object, then one page object with a url and ts per line, each url indexed. */
    private void pages(ZipFile zip, Set<String> indexed) throws IOException {
        if (!lineEntries.contains(PAGES)) {
            if (!read.containsKey(PAGES)) {
                problem(file, 0, "wacz-pages", "no " + PAGES);
            }
            return;
        }
        String where = in(PAGES);
        try (InputStream stream = zip.getInputStream(zip.getEntry(PAGES))) {
            pageLines(new IndexCheck.LineReader(stream), where, indexed);
        }
    }

    private void pageLines(IndexCheck.LineReader lines, String where, Set<String> indexed) throws IOException {
        long at = 0;
        boolean header = true;
        byte[] raw;
        while ((raw = lines.next()) != null) {
            String line = new String(raw, StandardCharsets.UTF_8);
            long offset = at;
            at += raw.length + 1;
            if (line.isBlank()) {
                continue;
            }
            JsonNode j;
            try {
                j = JSON.readTree(line);
            } catch (IOException x) {
                j = null;
            }
            if (j == null || !j.isObject()) {
                problem(where, offset, "wacz-pages", (header ? "the header line" : "the line") + " is not a JSON object");
                header = false;
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String url = j.path("url").asText("");
            if (url.isEmpty()) {
                problem(where, offset, "wacz-pages", "a page without a url");
            } else if (!indexed.contains(url)) {
                problem(where, offset, "wacz-pages", "page " + url + " has no record in the index");
            }
            if (!validTs(j.path("ts").asText(""))) {
                problem(where, offset, "wacz-pages", j.has("ts") ? "ts " + describe(j.get("ts"))
                        + " is not an ISO 8601 or 14-digit timestamp" : "a page without a ts");
            }
        }
        if (header) {
            problem(where, 0, "wacz-pages", "no header line");
        }
    }

    private static boolean validTs(String ts) {
        if (TS14.matcher(ts).matches()) {
            return true;
        }
        try {
            Instant.parse(ts);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String describe(JsonNode value) {
        return value == null ? "(none)" : value.toString();
    }

    private static String oneLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
