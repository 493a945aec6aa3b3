package org.newskeeper.warc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.codec.binary.Base32;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;

/**
 * Verifies WARC files more strictly than {@code jwarc validate}: gzip framing (one record per
 * member, CRC and length trailers), Content-Length against the record's real extent, block and
 * payload digests (payload with chunked transfer coding removed), the fields WARC 1.1 requires or
 * forbids per record type, Record-ID uniqueness across all files, that every WARC-Concurrent-To,
 * WARC-Refers-To and WARC-Warcinfo-ID resolves, that each revisit's payload digest equals its
 * original's, and that each CDXJ index beside a WARC points at the right records; a WACZ package
 * given by name is checked by {@link WaczVerifier}, its WARCs as these. After a corrupt
 * gzip member it resynchronises at the next member and goes on. With a corpus, checks fixity: each
 * article's current bytes against its latest archived resource record.
 */
public final class Verifier {
    private static final Set<String> TYPES = Set.of("warcinfo", "response", "resource", "request", "metadata",
            "revisit", "conversion", "continuation");
    private static final Set<String> REPEATABLE = Set.of("warc-concurrent-to");
    private static final Set<String> KNOWN = Set.of("warc-record-id", "content-length", "warc-date", "warc-type",
            "content-type", "warc-concurrent-to", "warc-block-digest", "warc-payload-digest", "warc-ip-address",
            "warc-refers-to", "warc-refers-to-target-uri", "warc-refers-to-date", "warc-target-uri", "warc-truncated",
            "warc-warcinfo-id", "warc-filename", "warc-profile", "warc-identified-payload-type", "warc-segment-number",
            "warc-segment-origin-id", "warc-segment-total-length");
    private static final Map<String, Set<String>> REQUIRED_ON = Map.of(
            "warc-target-uri", Set.of("response", "resource", "request", "revisit", "conversion", "continuation"),
            "warc-profile", Set.of("revisit"),
            "warc-segment-origin-id", Set.of("continuation"),
            "warc-segment-number", Set.of("continuation"));
    private static final Map<String, Set<String>> FORBIDDEN_ON = Map.ofEntries(
            Map.entry("warc-concurrent-to", Set.of("warcinfo", "conversion", "continuation")),
            Map.entry("warc-ip-address", Set.of("warcinfo", "conversion", "continuation")),
            Map.entry("warc-refers-to", Set.of("warcinfo", "response", "resource", "request", "continuation")),
            Map.entry("warc-refers-to-target-uri", Set.of("warcinfo", "response", "metadata", "conversion", "resource",
                    "request", "continuation")),
            Map.entry("warc-refers-to-date", Set.of("warcinfo", "response", "metadata", "conversion", "resource",
                    "request", "continuation")),
            Map.entry("warc-target-uri", Set.of("warcinfo")),
            Map.entry("warc-warcinfo-id", Set.of("warcinfo")),
            Map.entry("warc-filename", Set.of("response", "resource", "request", "metadata", "revisit", "conversion",
                    "continuation")),
            Map.entry("warc-profile", Set.of("warcinfo", "response", "resource", "request", "metadata", "conversion",
                    "continuation")),
            Map.entry("warc-payload-digest", Set.of("warcinfo")),
            Map.entry("warc-segment-origin-id", Set.of("warcinfo", "response", "resource", "request", "metadata",
                    "revisit", "conversion")),
            Map.entry("warc-segment-total-length", Set.of("warcinfo", "response", "resource", "request", "metadata",
                    "revisit", "conversion")));
    private static final Pattern RECORD_ID = Pattern.compile("<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\\s]+>");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern DIGEST = Pattern.compile("[-!#$%&'*+.^_`|~0-9A-Za-z]+:[-!#$%&'*+.^_`|~0-9A-Za-z/@=]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[-!#$%&'*+.^_`|~0-9A-Za-z]+/[-!#$%&'*+.^_`|~0-9A-Za-z]+[ \\t]*(;[ \\t]*[-!#$%&'*+.^_`|~0-9A-Za-z]+="
                    + "([-!#$%&'*+.^_`|~0-9A-Za-z]+|\"([^\"\\\\]|\\\\.)*\")[ \\t]*)*");
    private static final Pattern IDENTICAL = Pattern.compile("https?://netpreserve\\.org/warc/1\\.[01]/revisit/identical-payload-digest");

    /** Where a record is and what others need to know about it. */
    private record Seen(String file, long offset, String type, Optional<String> payloadDigest, Optional<String> target,
            Optional<String> date) {
    }

    /** A reference from one record to another by Record-ID. */
    private record Ref(String file, long offset, String field, String id) {
    }

    /** A revisit, checked against its original once every file was read. */
    private record Revisit(String file, long offset, Optional<String> digest, Optional<String> refersTo,
            Optional<String> refersToTarget, Optional<String> refersToDate) {
    }

    /** The latest resource record of an article path. */
    private record Archived(String file, long offset, Instant date, String digest) {
    }

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Seen> ids = new HashMap<>();
    private final List<Ref> refs = new ArrayList<>();
    private final List<Revisit> revisits = new ArrayList<>();
    private final Map<String, String> payloadDigests = new HashMap<>();
    private final Map<String, Archived> archived = new HashMap<>();
    private final List<String> warcsRead = new ArrayList<>();
    private long records;
    private org.newskeeper.corpus.CorpusSettings corpusSettings = org.newskeeper.corpus.CorpusSettings.defaults();

    private Verifier() {
    }

    /**
     * {@link #verify(List, Optional)} with the corpus's articles chosen by {@code settings}
     * ({@code [corpus]} include/exclude; pipes, devices, links leaving the corpus and files over the
     * size limit are not read, so neither counted missing from the archive nor changed).
     */
    public static VerifyReport verify(List<Path> paths, Optional<Path> corpus, org.newskeeper.corpus.CorpusSettings settings)
            throws IOException {
        if (corpus.isPresent() && !Files.isDirectory(corpus.get())) {
            throw new InputException("--corpus " + corpus.get() + ": "
                    + (Files.exists(corpus.get()) ? "not a directory" : "no such directory"));
        }
        Verifier v = new Verifier();
        v.corpusSettings = settings;
        return v.run(paths, corpus);
    }

    /**
     * Verifies every WARC file among {@code paths} (gzip-compressed or uncompressed; directories
     * are searched for {@code *.warc.gz} and {@code *.warc};
     * {@code .open} files are not final WARCs and are skipped), every WACZ package given by name
     * (its zip, datapackage, member WARCs, index and pages; see {@link WaczVerifier}) and, with
     * {@code corpus}, fixity.
     *
     * @throws NoSuchFileException when a path does not exist
     * @throws InputException when {@code corpus} is not a directory, or a file given by name is a
     *         CDXJ index
     */
    public static VerifyReport verify(List<Path> paths, Optional<Path> corpus) throws IOException {
        if (corpus.isPresent() && !Files.isDirectory(corpus.get())) {
            throw new InputException("--corpus " + corpus.get() + ": "
                    + (Files.exists(corpus.get()) ? "not a directory" : "no such directory"));
        }
        return new Verifier().run(paths, corpus);
    }

    /**
     * Refuses a file given by name that is one of our own non-WARC outputs: a CDXJ index (verified
     * beside its WARC).
     */
    private static void refuseNonWarcName(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".cdxj")) {
            String base = name.substring(0, name.length() - ".cdxj".length());
            throw new InputException(p + ": a CDXJ index, not a WARC file; verify its WARC (" + base
                    + WarcFileWriter.SUFFIX + "), whose index beside it is checked too");
        }
    }

    /** Whether a file given by name is read as a WACZ package. */
    static boolean isWacz(Path p) {
        return p.getFileName().toString().endsWith(WaczVerifier.SUFFIX);
    }

    /**
     * The files among {@code paths} that {@link #verify} reads, in order: WARC files, and WACZ
     * packages given by name (a directory walk picks up only {@code *.warc.gz} and {@code *.warc},
     * so a pack output directory holding WARCs and the WACZ made from them is not read twice).
     *
     * @throws InputException when a file given by name is a CDXJ index
     */
    public static List<Path> warcFiles(List<Path> paths) throws IOException {
        java.util.LinkedHashSet<Path> files = new java.util.LinkedHashSet<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && (f.getFileName().toString().endsWith(WarcFileWriter.SUFFIX)
                            || f.getFileName().toString().endsWith(".warc"))).sorted().forEach(files::add);
                }
            } else {
                refuseNonWarcName(p);
                files.add(p);
            }
        }
        // a file named twice (directly and through its directory) is read once
        List<Path> unique = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path f : files) {
            if (seen.add(f.toRealPath())) {
                unique.add(f);
            }
        }
        return unique;
    }

    private VerifyReport run(List<Path> paths, Optional<Path> corpus) throws IOException {
        List<Path> files = warcFiles(paths);
        for (Path f : files) {
            verifyFile(f);
        }
        crossChecks();
        if (corpus.isPresent()) {
            fixity(corpus.get());
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::file).thenComparingLong(Problem::offset));
        return new VerifyReport(warcsRead, records, sorted);
    }

    void problem(String file, long offset, String check, String message) {
        problems.add(new Problem(file, offset, check, message));
    }

    private void verifyFile(Path path) throws IOException {
        if (isWacz(path)) {
            new WaczVerifier(this, path).verify();
            return;
        }
        String name = path.getFileName().toString();
        Map<Long, Optional<CdxjLine>> indexable = verifyWarc(path, path.toString(), name);
        Path cdxj = WarcFileWriter.cdxjPath(path);
        if (Files.isRegularFile(cdxj)) {
            Map<String, Map<Long, Optional<CdxjLine>>> warcs = Map.of(name, indexable);
            Set<String> covered = new java.util.HashSet<>();
            verifyCdxj(cdxj.toString(), Files.readAllBytes(cdxj), warcs, covered);
            missingFromCdxj(cdxj.toString(), warcs, covered);
        }
    }

    /**
     * Verifies the WARC {@code path}, reporting problems as in {@code file}; counts it in the
     * report's files.
     *
     * @param warcName the name CDXJ lines give the WARC
     * @return the offset of every record, with its CDXJ line when it is indexable
     */
    Map<Long, Optional<CdxjLine>> verifyWarc(Path path, String file, String warcName) throws IOException {
        warcsRead.add(file);
        Map<Long, Optional<CdxjLine>> indexable = new LinkedHashMap<>();
        if (!looksLikeWarc(path)) {
            problem(file, 0, "not-warc", "not a WARC file (neither gzip nor a WARC/1.x version line at the start)");
            return indexable;
        }
        try (GzipMembers members = new GzipMembers(path)) {
            if (members.size() == 0) {
                problem(file, 0, "empty", "the file is empty");
            }
            Optional<GzipMembers.Member> next;
            boolean first = true;
            while ((next = members.next()).isPresent()) {
                GzipMembers.Member m = next.get();
                if (m instanceof GzipMembers.Bad bad) {
                    boolean atEnd = bad.offset() + bad.length() >= members.size();
                    problem(file, bad.offset(), atEnd && bad.problem().startsWith("truncated") ? "truncated"
                            : members.plain() ? "record" : "gzip",
                            bad.problem() + (atEnd ? "" : "; resumed at offset " + (bad.offset() + bad.length())));
                    continue;
                }
                GzipMembers.Good g = (GzipMembers.Good) m;
                Optional<RawRecord> parsed = RawRecord.parse(g.data());
                if (parsed.isEmpty() && first && g.offset() == 0) {
                    problem(file, 0, "not-warc", "not a WARC file (a gzip file whose content does not start with"
                            + " a WARC/1.x version line)");
                    return indexable;
                }
                if (parsed.isEmpty()) {
                    problem(file, g.offset(), "record", "gzip member does not start with a WARC version line");
                    continue;
                }
                records++;
                RawRecord r = parsed.get();
                verifyRecord(file, g.offset(), r, first);
                first = false;
                indexable.put(g.offset(), Reconciler.cdxjLine(r, g.offset(), g.length(), warcName));
            }
        }
        return indexable;
    }

    /** An empty file, a gzip file, or a file starting with {@code WARC/1.}: anything else is not a WARC. */
    private static boolean looksLikeWarc(Path path) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(7);
        }
        if (head.length == 0) {
            return true;
        }
        if (head.length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            return true;
        }
        return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("WARC/1.");
    }

    private void verifyRecord(String file, long offset, RawRecord r, boolean first) {
        for (String p : r.framingProblems) {
            problem(file, offset, p.startsWith("Content-Length") ? "content-length" : "framing", p);
        }
        if (!r.version.equals("WARC/1.1") && !r.version.equals("WARC/1.0")) {
            problem(file, offset, "version", "unknown WARC version " + r.version);
        }
        String type = r.type();
        fields(file, offset, r, type);
        if (first && !type.equals("warcinfo")) {
            problem(file, offset, "warcinfo", "the first record is " + (type.isEmpty() ? "untyped" : type) + ", not warcinfo");
        }
        Optional<String> id = r.id();
        Optional<String> payloadDigest = r.first("WARC-Payload-Digest").map(Digests::normalise);
        if (id.isPresent()) {
            Seen prior = ids.get(id.get());
            if (prior != null) {
                problem(file, offset, "duplicate-record-id", "Record-ID " + id.get() + " is also used at "
                        + prior.file() + ":" + prior.offset());
            } else {
                ids.put(id.get(), new Seen(file, offset, type, payloadDigest, r.target(), r.first("WARC-Date")));
            }
        }
        for (String c : r.all("WARC-Concurrent-To")) {
            refs.add(new Ref(file, offset, "WARC-Concurrent-To", RawRecord.unbracket(c)));
        }
        r.first("WARC-Warcinfo-ID").ifPresent(w -> refs.add(new Ref(file, offset, "WARC-Warcinfo-ID", RawRecord.unbracket(w))));
        r.first("WARC-Refers-To").ifPresent(w -> refs.add(new Ref(file, offset, "WARC-Refers-To", RawRecord.unbracket(w))));
        digests(file, offset, r, type, payloadDigest);
        if (type.equals("revisit")) {
            revisits.add(new Revisit(file, offset, payloadDigest, r.first("WARC-Refers-To").map(RawRecord::unbracket),
                    r.first("WARC-Refers-To-Target-URI").map(RawRecord::unbracket), r.first("WARC-Refers-To-Date")));
        } else if (payloadDigest.isPresent()) {
            payloadDigests.putIfAbsent(payloadDigest.get(), file + ":" + offset);
        }
        if (type.equals("resource")) {
            archive(file, offset, r, payloadDigest);
        }
    }

    private void fields(String file, long offset, RawRecord r, String type) {
        for (String mandatory : List.of("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type")) {
            if (r.first(mandatory).isEmpty()) {
                problem(file, offset, "missing-field", "no " + mandatory + " field");
            }
        }
        if (!type.isEmpty() && !TYPES.contains(type)) {
            problem(file, offset, "field-value", "unknown WARC-Type " + type);
        }
        for (Map.Entry<String, Set<String>> e : REQUIRED_ON.entrySet()) {
            if (e.getValue().contains(type) && r.first(e.getKey()).isEmpty()) {
                problem(file, offset, "missing-field", type + " record without " + canonical(e.getKey()));
            }
        }
        if (!type.equals("continuation") && r.blockLength > 0 && r.first("Content-Type").isEmpty()) {
            problem(file, offset, "missing-field", type + " record with a non-empty block but no Content-Type");
        }
        for (Map.Entry<String, List<String>> e : r.fields.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            List<String> values = e.getValue();
            if (values.size() > 1 && !REPEATABLE.contains(name) && KNOWN.contains(name)) {
                problem(file, offset, "repeated-field", e.getKey() + " appears " + values.size() + " times");
            }
            if (FORBIDDEN_ON.getOrDefault(name, Set.of()).contains(type)) {
                problem(file, offset, "forbidden-field", e.getKey() + " is not allowed on a " + type + " record");
            }
            for (String v : values) {
                Optional<String> bad = badValue(name, v);
                bad.ifPresent(msg -> problem(file, offset, "field-value", e.getKey() + ": " + msg));
            }
        }
        if (type.equals("revisit")) {
            String profile = r.first("WARC-Profile").orElse("");
            if (IDENTICAL.matcher(profile).matches() && r.first("WARC-Payload-Digest").isEmpty()) {
                problem(file, offset, "missing-field", "identical-payload-digest revisit without WARC-Payload-Digest");
            }
        }
    }

    private static String canonical(String lower) {
        return lower.equals("warc-target-uri") ? "WARC-Target-URI" : lower.equals("warc-profile") ? "WARC-Profile"
                : lower.equals("warc-segment-origin-id") ? "WARC-Segment-Origin-ID" : "WARC-Segment-Number";
    }

    private static Optional<String> badValue(String name, String v) {
        switch (name) {
            case "warc-record-id", "warc-concurrent-to", "warc-refers-to", "warc-warcinfo-id", "warc-segment-origin-id":
                return RECORD_ID.matcher(v).matches() ? Optional.empty() : Optional.of("not a <URI> record ID: " + v);
            case "warc-date", "warc-refers-to-date":
                if (!DATE.matcher(v).matches()) {
                    return Optional.of("not a UTC W3C-ISO8601 date: " + v);
                }
                try {
                    Instant.parse(v);
                    return Optional.empty();
                } catch (DateTimeParseException e) {
                    return Optional.of("not a valid date: " + v);
                }
            case "content-length", "warc-segment-number", "warc-segment-total-length":
                return NUMBER.matcher(v).matches() ? Optional.empty() : Optional.of("not a non-negative integer: " + v);
            case "warc-block-digest", "warc-payload-digest":
                return DIGEST.matcher(v).matches() ? Optional.empty() : Optional.of("not a labelled digest: " + v);
            case "content-type", "warc-identified-payload-type":
                return MEDIA_TYPE.matcher(v).matches() ? Optional.empty() : Optional.of("not a media type: " + v);
            case "warc-ip-address":
                return isIpLiteral(v) ? Optional.empty() : Optional.of("not an IP address: " + v);
            case "warc-target-uri", "warc-refers-to-target-uri":
                return v.startsWith("<") || v.chars().anyMatch(c -> c <= ' ')
                        ? Optional.of("not a bare URI: " + v) : Optional.empty();
            case "warc-truncated":
                return Set.of("length", "time", "disconnect", "unspecified").contains(v)
                        ? Optional.empty() : Optional.of("unknown truncation reason: " + v);
            default:
                return Optional.empty();
        }
    }

    private static boolean isIpLiteral(String v) {
        if (!v.matches("[0-9.]+") && !v.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(v); // a literal: no lookup
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void digests(String file, long offset, RawRecord r, String type, Optional<String> payloadDigest) {
        Optional<String> block = r.first("WARC-Block-Digest");
        if (block.isPresent()) {
            Optional<String> computed = compute(block.get(), r.data, r.blockStart, r.blockLength);
            if (computed.isEmpty()) {
                problem(file, offset, "block-digest", "unknown digest algorithm: " + block.get());
            } else if (!computed.get().equals(Digests.normalise(block.get()))) {
                problem(file, offset, "block-digest", "WARC-Block-Digest " + block.get() + " but the block's is "
                        + computed.get());
            }
        }
        if (type.equals("revisit") || type.equals("warcinfo")) {
            return;
        }
        byte[] payload;
        int from;
        int length;
        if ((type.equals("response") || type.equals("request")) && r.isHttp()) {
            Optional<HttpBlock> http = HttpBlock.parse(r.data, r.blockStart, r.blockLength);
            if (http.isEmpty()) {
                problem(file, offset, "http", "application/http block without a complete HTTP header");
                return;
            }
            HttpBlock h = http.get();
            h.problem.ifPresent(p -> problem(file, offset, "http", p));
            if (!h.chunked && !r.first("WARC-Truncated").isPresent()) {
                Optional<String> cl = h.header("Content-Length");
                if (cl.isPresent() && !cl.get().equals(Integer.toString(h.payload.length))) {
                    problem(file, offset, "http-content-length", "HTTP Content-Length " + cl.get() + " but the payload has "
                            + h.payload.length + " bytes");
                }
            }
            payload = h.payload;
            from = 0;
            length = h.payload.length;
        } else {
            payload = r.data;
            from = r.blockStart;
            length = r.blockLength;
        }
        if (payloadDigest.isPresent()) {
            String declared = r.first("WARC-Payload-Digest").get();
            Optional<String> computed = compute(declared, payload, from, length);
            if (computed.isEmpty()) {
                problem(file, offset, "payload-digest", "unknown digest algorithm: " + declared);
            } else if (!computed.get().equals(payloadDigest.get())) {
                problem(file, offset, "payload-digest", "WARC-Payload-Digest " + declared + " but the payload's is "
                        + computed.get());
            }
        }
    }

    /** The digest of {@code data[from, from+length)} with the algorithm {@code labelled} names, normalised. */
    private static Optional<String> compute(String labelled, byte[] data, int from, int length) {
        int colon = labelled.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String alg = labelled.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        Optional<MessageDigest> md = algorithm(alg);
        md.ifPresent(m -> m.update(data, from, length));
        return md.map(m -> encode(alg, labelled.substring(colon + 1).trim(), m));
    }

    /** A fresh digest for an algorithm label ({@code sha1}, {@code sha-256}, {@code md5}...), if known. */
    static Optional<MessageDigest> algorithm(String label) {
        String javaName = switch (label.trim().toLowerCase(Locale.ROOT)) {
            case "sha1", "sha-1" -> "SHA-1";
            case "sha256", "sha-256" -> "SHA-256";
            case "sha512", "sha-512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> null;
        };
        try {
            return javaName == null ? Optional.empty() : Optional.of(MessageDigest.getInstance(javaName));
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code label:DIGEST} of what {@code md} was fed, normalised, in the encoding {@code declared}
     * uses (hex when it is hex of the digest's length, else base32).
     */
    static String encode(String label, String declared, MessageDigest md) {
        String encoded = declared.matches("[0-9a-fA-F]+") && declared.length() == md.getDigestLength() * 2
                ? org.apache.commons.codec.binary.Hex.encodeHexString(md.digest())
                : new Base32().encodeAsString(md.digest());
        return Digests.normalise(label.trim().toLowerCase(Locale.ROOT) + ":" + encoded);
    }

    private void archive(String file, long offset, RawRecord r, Optional<String> payloadDigest) {
        Optional<String> target = r.target();
        Optional<String> date = r.first("WARC-Date");
        if (target.isEmpty() || date.isEmpty() || !target.get().startsWith(Packer.URN_PREFIX)) {
            return;
        }
        String rest = target.get().substring(Packer.URN_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return;
        }
        Instant when;
        try {
            when = Instant.parse(date.get());
        } catch (DateTimeParseException e) {
            return;
        }
        String path = Reconciler.decodePath(rest.substring(colon + 1));
        String digest = payloadDigest.orElse(r.blockDigest());
        Archived prior = archived.get(path);
        if (prior == null || !when.isBefore(prior.date())) {
            archived.put(path, new Archived(file, offset, when, digest));
        }
    }

    /**
     * Checks the CDXJ index {@code bytes} (reported as {@code file}) against the records of
     * {@code warcs}, keyed by the name its lines give them; adds each {@code name:offset} a line
     * points at to {@code covered}.
     *
     * @return the lines' {@code url}s
     */
    Set<String> verifyCdxj(String file, byte[] bytes, Map<String, Map<Long, Optional<CdxjLine>>> warcs,
            Set<String> covered) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Set<String> urls = new java.util.HashSet<>();
        long lineOffset = 0;
        String previous = null;
        for (String line : text.split("\n", -1)) {
            long at = lineOffset;
            lineOffset += line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (previous != null && CdxjLine.ORDER.compare(previous, line) > 0) {
                problem(file, at, "cdxj-order", "line sorts before the line above it");
            }
            previous = line;
            Optional<JsonNode> f = CdxjLine.fields(line);
            if (f.isEmpty()) {
                problem(file, at, "cdxj", "not a CDXJ line (KEY TIMESTAMP {json})");
                continue;
            }
            JsonNode j = f.get();
            urls.add(j.path("url").asText());
            long offset;
            try {
                offset = Long.parseLong(j.path("offset").asText());
            } catch (NumberFormatException e) {
                problem(file, at, "cdxj", "no numeric offset");
                continue;
            }
            String warcName = j.path("filename").asText();
            Map<Long, Optional<CdxjLine>> indexable = warcs.get(warcName);
            if (indexable == null) {
                String expectedNames = warcs.size() == 1 ? warcs.keySet().iterator().next()
                        : "one of " + new java.util.TreeSet<>(warcs.keySet());
                problem(file, at, "cdxj", "filename " + warcName + " is not " + expectedNames);
                if (warcs.size() != 1) {
                    continue;
                }
                warcName = warcs.keySet().iterator().next();
                indexable = warcs.get(warcName);
            }
            Optional<CdxjLine> expected = indexable.getOrDefault(offset, null);
            if (expected == null || expected.isEmpty()) {
                problem(file, at, "cdxj-offset", "offset " + offset + " is not the start of an indexable record in " + warcName);
                continue;
            }
            covered.add(warcName + ":" + offset);
            String want = expected.get().format();
            if (!want.equals(line)) {
                problem(file, at, "cdxj-mismatch", "line does not match the record at offset " + offset + ": expected " + want);
            }
        }
        return urls;
    }

    /** Reports, as in {@code file}, each indexable record of {@code warcs} not in {@code covered}. */
    void missingFromCdxj(String file, Map<String, Map<Long, Optional<CdxjLine>>> warcs, Set<String> covered) {
        for (Map.Entry<String, Map<Long, Optional<CdxjLine>>> w : warcs.entrySet()) {
            for (Map.Entry<Long, Optional<CdxjLine>> e : w.getValue().entrySet()) {
                if (e.getValue().isPresent() && !covered.contains(w.getKey() + ":" + e.getKey())) {
                    problem(file, 0, "cdxj-missing", "no line for the " + e.getValue().get().mime() + " record at "
                            + w.getKey() + ":" + e.getKey());
                }
            }
        }
    }

    private void crossChecks() {
        for (Ref ref : refs) {
            if (!ids.containsKey(ref.id())) {
                problem(ref.file(), ref.offset(), "dangling-reference", ref.field() + " " + ref.id()
                        + " names no record in the files verified");
            }
        }
        for (Revisit v : revisits) {
            Seen referred = v.refersTo().map(ids::get).orElse(null);
            if (referred != null) {
                if (v.refersToTarget().isPresent() && !v.refersToTarget().equals(referred.target())) {
                    problem(v.file(), v.offset(), "revisit-refers-to", "WARC-Refers-To-Target-URI "
                            + v.refersToTarget().get() + " is not the original's " + referred.target().orElse("(none)"));
                }
                if (v.refersToDate().isPresent() && !sameInstant(v.refersToDate().get(), referred.date())) {
                    problem(v.file(), v.offset(), "revisit-refers-to", "WARC-Refers-To-Date " + v.refersToDate().get()
                            + " is not the original's " + referred.date().orElse("(none)"));
                }
            }
            if (v.digest().isEmpty()) {
                continue;
            }
            String digest = v.digest().get();
            if (v.refersTo().isPresent()) {
                Seen original = ids.get(v.refersTo().get());
                if (original != null) {
                    Optional<String> od = original.payloadDigest();
                    if (od.isEmpty() || !od.get().equals(digest)) {
                        problem(v.file(), v.offset(), "revisit-digest", "payload digest " + digest
                                + " differs from the original's " + od.orElse("(none)") + " at " + original.file()
                                + ":" + original.offset());
                    }
                    continue;
                }
            }
            if (!payloadDigests.containsKey(digest)) {
                problem(v.file(), v.offset(), "revisit-digest", "payload digest " + digest
                        + " matches no archived payload");
            }
        }
    }

    private static boolean sameInstant(String a, Optional<String> b) {
        try {
            return b.isPresent() && Instant.parse(a).equals(Instant.parse(b.get()));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private void fixity(Path corpusRoot) throws IOException {
        Map<String, CorpusFile> current = new TreeMap<>();
        try (Stream<CorpusFile> files = Corpus.files(corpusRoot, corpusSettings)) {
            files.forEach(f -> current.put(f.path(), f));
        }
        for (CorpusFile f : current.values()) {
            if (f.problem().isPresent()) {
                // never read (a pipe, a device, a link leaving the corpus, too large): check reports it, pack skips it
                continue;
            }
            Archived a = archived.get(f.path());
            if (a == null) {
                problem(f.file().toString(), 0, "missing-from-archive", "article " + f.path() + " is in no resource record");
                continue;
            }
            byte[] bytes;
            try {
                bytes = Corpus.read(corpusRoot, f.file(), corpusSettings);
            } catch (IOException e) {
                continue;
            }
            String digest = Digests.sha1(bytes);
            if (!digest.equals(a.digest())) {
                problem(f.file().toString(), 0, "changed", "article " + f.path() + " is " + digest
                        + " but its latest archived version (" + a.file() + ":" + a.offset() + ") is " + a.digest());
            }
        }
        for (Map.Entry<String, Archived> e : new TreeMap<>(archived).entrySet()) {
            if (!current.containsKey(e.getKey())) {
                problem(e.getValue().file(), e.getValue().offset(), "deleted-from-corpus", "article " + e.getKey()
                        + " is archived but no longer in the corpus " + corpusRoot);
            }
        }
    }
}
