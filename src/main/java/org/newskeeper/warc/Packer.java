package org.newskeeper.warc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.newskeeper.Version;
import org.newskeeper.check.BrowserUrl;
import org.newskeeper.check.capture.CaptureException;
import org.newskeeper.check.capture.Exchange;
import org.newskeeper.check.capture.HttpCapture;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.Database;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.Validator;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.WarcTruncationReason;

/**
 * Packs a corpus into WARC/1.1 files: per article a {@code resource} record with the file's exact
 * bytes and a {@code metadata} record with its model, findings and links; with capture, the
 * request and response (or revisit) of its source URL and images. Articles whose bytes were
 * already archived are skipped unless {@link PackOptions#all()}.
 *
 * <p>Crash safety: the archive index in the database records a file's articles and payloads only
 * after that file was closed and renamed to its final name. An article's captures are written
 * before its resource and metadata records, so an article is recorded as archived only once its
 * captures are all in closed files; at start, final WARCs the index does
 * not know (a crash between rename and commit) are indexed from their content, and leftover
 * {@code .open} files are moved to {@code incomplete/} and never counted.
 */
public final class Packer {
    /** The profile of revisits written when a payload was already archived. */
    public static final String REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";
    static final String URN_PREFIX = "urn:newskeeper:";
    static final String INCOMPLETE_DIR = "incomplete";
    static final String LOCK_FILE = ".newskeeper-pack.lock";
    /** The Content-Type of article resource records. */
    public static final String MARKDOWN_TYPE = "text/markdown; charset=utf-8";
    private static final MediaType MARKDOWN = MediaType.parse(MARKDOWN_TYPE);

    private final PackOptions options;
    private final Clock clock;

    public Packer(PackOptions options) {
        this(options, Clock.systemUTC());
    }

    Packer(PackOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /** The time for a WARC-Date: sub-second, to the microsecond (as warcio and pywb read it). */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** The Target-URI of an article's resource record: {@code urn:newskeeper:<collection>:<path>}. */
    public static String targetUri(String collection, String path) {
        StringBuilder sb = new StringBuilder(URN_PREFIX).append(collection).append(':');
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Validates the corpus of the options (for the findings of the metadata records) and packs it. */
    public PackResult pack() throws IOException {
        return pack(new Validator(options.rules(), options.corpusSettings()));
    }

    /**
     * Packs the articles of the corpus of the options whose bytes the archive does not hold yet,
     * validating with {@code validator} only those (for the findings of their metadata records).
     * An article is unchanged when its file's size and modification time are those recorded when
     * it was packed, or else when its bytes have the archived digest; so an unchanged corpus is
     * decided from its directory listing, without reading or parsing a file.
     */
    public PackResult pack(Validator validator) throws IOException {
        try (Stream<CorpusFile> files = Corpus.files(options.corpus(), options.corpusSettings())) {
            return pack(validator, files.toList());
        }
    }

    /**
     * {@link #pack(Validator)} over a listing of the corpus taken already ({@code files}, in path
     * order, as {@link Corpus#files} gives them): the nightly lists its corpus once. A listed file's
     * size and modification time are the walk's.
     */
    public PackResult pack(Validator validator, List<CorpusFile> files) throws IOException {
        return pack(unchanged -> {
            List<CorpusFile> changed = new ArrayList<>();
            for (CorpusFile f : files) {
                if (!unchanged.test(f)) {
                    changed.add(f);
                }
            }
            return validator.validateFiles(changed);
        });
    }

    /**
     * Packs articles a caller already validated (the nightly checks the corpus once for both),
     * in their order; their paths are relative to the corpus of the options.
     */
    public PackResult pack(Stream<CheckedArticle> articles) throws IOException {
        return pack(unchanged -> articles);
    }

    /**
     * Where the validated articles come from; opened once the output directory is locked, with the
     * test of whether a corpus file is archived unchanged (which counts it as unchanged).
     */
    @FunctionalInterface
    private interface ArticleSource {
        Stream<CheckedArticle> open(java.util.function.Predicate<CorpusFile> unchanged) throws IOException;
    }

    private PackResult pack(ArticleSource source) throws IOException {
        options.requireUsablePaths();
        Path out = options.out();
        // the database is opened and its tables made before the output directory and its lock exist,
        // so a database that cannot be used leaves nothing behind
        try (Database db = openDatabase()) {
            Files.createDirectories(out);
            return lockAndPack(out, db, source);
        }
    }

    private Database openDatabase() throws IOException {
        Database db;
        try {
            db = Database.open(options.database());
        } catch (IOException e) {
            throw new InputException("database " + options.database() + ": cannot open the database: " + e.getMessage(), e);
        }
        try {
            new ArchiveIndex(db);
            return db;
        } catch (IOException e) {
            db.close();
            throw new InputException("database " + options.database() + ": not a usable SQLite database: "
                    + e.getMessage(), e);
        }
    }

    private PackResult lockAndPack(Path out, Database db, ArticleSource source) throws IOException {
        try (FileChannel lockChannel = FileChannel.open(out.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException(out + ": another pack is writing to this directory");
            }
            try {
                return packLocked(out, db, source);
            } finally {
                lock.release();
            }
        }
    }

    private PackResult packLocked(Path out, Database db, ArticleSource source) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Path> movedAside = moveAsideLeftovers(out, warnings);
        ArchiveIndex index = new ArchiveIndex(db);
        Reconciler.reconcile(out, index, warnings);
        KnownLinks statuses = options.knownLinks() == KnownLinks.NONE
                ? KnownLinks.fromHistory(new org.newskeeper.history.LinkHistory(db))
                : options.knownLinks();
        Run run = new Run(index, warnings, statuses);
        try (Stream<CheckedArticle> articles = source.open(run::unchanged)) {
            Iterator<CheckedArticle> it = articles.iterator();
            while (it.hasNext()) {
                run.article(it.next());
            }
            run.finish();
        } catch (IOException | RuntimeException | Error e) {
            run.abandon();
            if (e instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
        Optional<Path> wacz = Optional.empty();
        if (options.wacz()) {
            wacz = Optional.of(WaczPackage.write(out, options.collection(), index.files(options.collection()), clock));
        }
        return new PackResult(run.warcs, run.packed, run.unchanged, run.captured, run.revisits, run.notCaptured,
                warnings, movedAside, wacz, run.articleBytes);
    }

    /** Moves {@code *.open} WARCs of an interrupted run to {@code incomplete/}; drops half-written indexes. */
    static List<Path> moveAsideLeftovers(Path out, List<String> warnings) throws IOException {
        List<Path> moved = new ArrayList<>();
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(out)) {
            leftovers = s.filter(p -> p.getFileName().toString().endsWith(WarcFileWriter.OPEN)).sorted().toList();
        }
        for (Path p : leftovers) {
            String name = p.getFileName().toString();
            if (name.endsWith(".cdxj" + WarcFileWriter.OPEN) || name.endsWith(".wacz" + WarcFileWriter.OPEN)) {
                Files.deleteIfExists(p);
                continue;
            }
            Path dir = Files.createDirectories(out.resolve(INCOMPLETE_DIR));
            Path target = dir.resolve(name);
            for (int i = 1; Files.exists(target); i++) {
                target = dir.resolve(name + "." + i);
            }
            Files.move(p, target);
            moved.add(target);
            warnings.add(p + ": incomplete WARC of an interrupted run moved to " + target + " (not archived)");
        }
        return moved;
    }

    private Map<String, List<String>> infoFields() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("software", List.of(Version.NAME + "/" + Version.version() + " (+" + Version.PROJECT_URL + ")"));
        f.put("format", List.of("WARC File Format 1.1"));
        f.put("conformsTo", List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
        f.put("isPartOf", List.of(options.collection()));
        f.put("hostname", List.of(WarcFileWriter.localHost()));
        options.operator().ifPresent(o -> f.put("operator", List.of(o)));
        f.put("description", List.of("newskeeper pack of corpus " + options.corpus()));
        return f;
    }

    /** The state of one run: the open file, what its close must commit, the payloads seen. */
    private final class Run {
        final ArchiveIndex index;
        final List<String> warnings;
        final WarcFileWriter writer;
        final Map<String, ArchiveIndex.ArticleEntry> latest;
        /** Archived articles whose file was touched but holds the archived bytes: their new stamps. */
        final Map<String, ArchiveIndex.FileStamp> restamps = new HashMap<>();
        final HttpCapture capture;
        final KnownLinks statuses;
        final Map<String, ArchiveIndex.PayloadEntry> runPayloads = new HashMap<>();
        final Set<String> capturedUrls = new HashSet<>();
        final List<ArchiveIndex.ArticleEntry> pendingArticles = new ArrayList<>();
        final List<ArchiveIndex.PayloadEntry> pendingPayloads = new ArrayList<>();
        final List<Path> warcs = new ArrayList<>();
        int packed;
        int unchanged;
        int captured;
        int revisits;
        int notCaptured;
        long articleBytes;

        Run(ArchiveIndex index, List<String> warnings, KnownLinks statuses) throws IOException {
            this.index = index;
            this.warnings = warnings;
            this.statuses = statuses;
            this.writer = new WarcFileWriter(options.out(), options.prefix(), WarcFileWriter.localHost(),
                    options.maxSize(), clock, infoFields(), this::commit, Runtime.getRuntime().availableProcessors());
            this.latest = options.all() ? Map.of() : stillArchived(index.latestArticles(options.collection()));
            this.capture = options.capture()
                    ? new HttpCapture(options.addressPolicy(), options.hostMap(), options.timeout(), options.maxBody())
                    : null;
        }

        /**
         * Each article's latest version whose WARC is still in the output directory: an article
         * whose WARC was removed is packed again.
         */
        private Map<String, ArchiveIndex.ArticleEntry> stillArchived(Map<String, ArchiveIndex.ArticleEntry> latest) {
            Map<String, Boolean> exists = new HashMap<>();
            Map<String, ArchiveIndex.ArticleEntry> kept = new HashMap<>();
            for (ArchiveIndex.ArticleEntry e : latest.values()) {
                if (exists.computeIfAbsent(e.filename(), f -> Files.isRegularFile(options.out().resolve(f)))) {
                    kept.put(e.path(), e);
                }
            }
            return kept;
        }

        /**
         * Whether a corpus file holds the bytes archived for its path, counting it as unchanged when
         * so: same size and modification time as recorded, or else (read once) the same digest. A
         * file that cannot be stamped or read is not unchanged: packing it says why.
         */
        boolean unchanged(CorpusFile f) {
            ArchiveIndex.ArticleEntry archived = latest.get(f.path());
            if (archived == null || f.problem().isPresent()) {
                return false;
            }
            try {
                Optional<CorpusFile.Listed> seen = f.stamp();
                if (seen.isEmpty()) {
                    return false; // not a regular file: packing it says why
                }
                ArchiveIndex.FileStamp stamp = new ArchiveIndex.FileStamp(seen.get().size(), seen.get().modified());
                if (archived.stamp().equals(Optional.of(stamp))) {
                    unchanged++;
                    return true;
                }
                org.newskeeper.Activity.reading(f.file());
                byte[] bytes;
                try {
                    bytes = Corpus.read(options.corpus(), f.file(), options.corpusSettings());
                } finally {
                    org.newskeeper.Activity.done();
                }
                if (Digests.sha1(bytes).equals(archived.digest())) {
                    restamps.put(f.path(), stamp);
                    unchanged++;
                    return true;
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }

        void article(CheckedArticle checked) throws IOException {
            String path = checked.article().path();
            byte[] bytes;
            Optional<ArchiveIndex.FileStamp> stamp;
            org.newskeeper.Activity.reading(checked.article().file());
            try {
                // stamped before reading: a write in between leaves a stale stamp, so the next run
                // reads the file again rather than trusting it
                stamp = Optional.of(ArchiveIndex.FileStamp.of(checked.article().file()));
                // a pipe, a device, a link leaving the corpus or a file over max_file_size is never read
                bytes = Corpus.read(options.corpus(), checked.article().file(), options.corpusSettings());
            } catch (IOException e) {
                warnings.add(checked.article().file() + ": not packed: the file " + e.getMessage());
                return;
            } finally {
                org.newskeeper.Activity.done();
            }
            ArchiveIndex.ArticleEntry archived = latest.get(path);
            // the digest decides "unchanged" here only for an article archived before; for any other
            // it is computed on a worker thread with the article's records, once either way
            Optional<String> digest = archived == null ? Optional.empty() : Optional.of(Digests.sha1(bytes));
            if (archived != null && digest.get().equals(archived.digest())) {
                if (!archived.stamp().equals(stamp)) {
                    restamps.put(path, stamp.get());
                }
                unchanged++;
                return;
            }
            Map<String, KnownLink> known = statuses == KnownLinks.NONE ? Map.of()
                    : statuses.latest(checked.article().links().stream().map(KnownLinks::checkedUrl).distinct().toList());
            // captures first, the article's own records last: the article counts as archived when the
            // file holding its resource is closed, and every capture it made is then in a closed file
            // too (in that file or an earlier one). A kill before that leaves the article unarchived,
            // so the next run packs it again and captures again whatever the killed run had not closed.
            if (capture != null) {
                captureLinks(checked);
            }
            writer.submit(() -> articleRecords(checked, bytes, digest.orElseGet(() -> Digests.sha1(bytes)), stamp, known));
            packed++;
            articleBytes += bytes.length;
        }

        /** An article's resource and metadata records; runs on a worker thread, so it touches no shared state. */
        private List<WarcFileWriter.Item> articleRecords(CheckedArticle checked, byte[] bytes, String digest,
                Optional<ArchiveIndex.FileStamp> stamp, Map<String, KnownLink> statuses) {
            String path = checked.article().path();
            String target = targetUri(options.collection(), path);
            WarcResource resource = new WarcResource.Builder(URI.create(target))
                    .version(MessageVersion.WARC_1_1)
                    .date(now())
                    .body(MARKDOWN, bytes)
                    .setHeader("Content-Type", MARKDOWN_TYPE)
                    .blockDigest(new WarcDigest(digest))
                    .payloadDigest(new WarcDigest(digest))
                    .build();
            byte[] json = ArticleJson.of(options.collection(), checked, resource.id().toString(), digest, bytes.length,
                    statuses);
            WarcMetadata metadata = new WarcMetadata.Builder()
                    .version(MessageVersion.WARC_1_1)
                    .date(now())
                    .targetURI(URI.create(target))
                    .concurrentTo(resource.id())
                    .body(MediaType.JSON, json)
                    .blockDigest(new WarcDigest(Digests.sha1(json)))
                    .build();
            return List.of(
                    WarcFileWriter.Item.withBlock(resource, bytes,
                            Optional.of(new WarcFileWriter.CdxjFields(target, "text/markdown", Optional.empty(), digest)),
                            w -> pendingArticles.add(new ArchiveIndex.ArticleEntry(path, digest, w.id().toString(),
                                    w.date().toString(), w.filename(), w.offset(), stamp))),
                    WarcFileWriter.Item.withBlock(metadata, json, Optional.empty(), w -> { }));
        }

        private void captureLinks(CheckedArticle checked) throws IOException {
            for (Link link : checked.article().links()) {
                if (link.role() != Role.SOURCE && link.role() != Role.IMAGE) {
                    continue;
                }
                if (!capturedUrls.add(link.url())) {
                    continue;
                }
                Optional<KnownLink> status = statuses.latest(link.url());
                if (status.isPresent() && status.get().dead()) {
                    notCaptured++;
                    continue;
                }
                // requested as a browser would (spaces and non-ASCII percent-encoded, IDN hosts in
                // punycode); the WARC keeps that request URL, the article's metadata the URL as cited
                Optional<URI> browser = BrowserUrl.of(link.url());
                if (browser.isEmpty()) {
                    notCaptured++;
                    warnings.add(checked.article().path() + ": not captured, not a URL a browser would request: "
                            + link.url());
                    continue;
                }
                URI uri = browser.get();
                Exchange ex;
                try {
                    ex = capture.fetch(uri);
                } catch (CaptureException e) {
                    notCaptured++;
                    warnings.add(checked.article().path() + ": not captured: " + e.getMessage());
                    continue;
                }
                boolean known = status.isPresent() && status.get().alive();
                if (ex.truncated()) {
                    notCaptured++;
                    warnings.add(checked.article().path() + ": not captured, body larger than "
                            + options.maxBody() + " bytes or cut short: " + link.url());
                    continue;
                }
                if (!known && (ex.status() < 200 || ex.status() >= 400)) {
                    notCaptured++;
                    continue;
                }
                writeExchange(uri.toString(), ex);
            }
        }

        private void writeExchange(String url, Exchange ex) throws IOException {
            String payloadDigest = Digests.sha1(ex.payload());
            Optional<ArchiveIndex.PayloadEntry> original = Optional.ofNullable(runPayloads.get(payloadDigest));
            if (original.isEmpty()) {
                original = index.payload(options.collection(), payloadDigest);
            }
            URI requestId = URI.create("urn:uuid:" + UUID.randomUUID());
            URI responseId = URI.create("urn:uuid:" + UUID.randomUUID());
            Optional<Integer> status = Optional.of(ex.status());
            WarcFileWriter.Item first;
            if (original.isPresent()) {
                ArchiveIndex.PayloadEntry o = original.get();
                byte[] header = ex.responseHeader();
                WarcRevisit revisit = new WarcRevisit.Builder(url, URI.create(REVISIT_PROFILE))
                        .version(MessageVersion.WARC_1_1)
                        .recordId(responseId)
                        .date(ex.date())
                            .ipAddress(ex.address())
                        .concurrentTo(requestId)
                        .refersTo(URI.create(o.recordId()), o.targetUri(), Instant.parse(o.date()))
                        .truncated(WarcTruncationReason.LENGTH)
                        .body(MediaType.HTTP_RESPONSE, header)
                        .blockDigest(new WarcDigest(Digests.sha1(header)))
                        .payloadDigest(new WarcDigest(payloadDigest))
                        .build();
                first = WarcFileWriter.Item.withBlock(revisit, header,
                        Optional.of(new WarcFileWriter.CdxjFields(url, "warc/revisit", status, payloadDigest)), w -> { });
                revisits++;
            } else {
                WarcResponse response = new WarcResponse.Builder(url)
                        .version(MessageVersion.WARC_1_1)
                        .recordId(responseId)
                        .date(ex.date())
                            .ipAddress(ex.address())
                        .concurrentTo(requestId)
                        .body(MediaType.HTTP_RESPONSE, ex.response())
                        .blockDigest(new WarcDigest(Digests.sha1(ex.response())))
                        .payloadDigest(new WarcDigest(payloadDigest))
                        .build();
                runPayloads.put(payloadDigest, new ArchiveIndex.PayloadEntry(payloadDigest, responseId.toString(), url,
                        ex.date().toString(), "", -1));
                first = WarcFileWriter.Item.withBlock(response, ex.response(), Optional.of(new WarcFileWriter.CdxjFields(url,
                        HttpBlock.parse(ex.response(), 0, ex.response().length).map(HttpBlock::mime).orElse("unk"),
                        status, payloadDigest)),
                        w -> pendingPayloads.add(new ArchiveIndex.PayloadEntry(payloadDigest, w.id().toString(), url,
                                w.date().toString(), w.filename(), w.offset())));
                captured++;
            }
            WarcRequest request = new WarcRequest.Builder(url)
                    .version(MessageVersion.WARC_1_1)
                    .recordId(requestId)
                    .date(ex.date())
                    .ipAddress(ex.address())
                    .concurrentTo(responseId)
                    .body(MediaType.HTTP_REQUEST, ex.request())
                    .blockDigest(new WarcDigest(Digests.sha1(ex.request())))
                    .payloadDigest(new WarcDigest(HttpBlock.parse(ex.request(), 0, ex.request().length)
                            .map(h -> Digests.sha1(h.payload)).orElse(Digests.sha1(new byte[0]))))
                    .build();
            writer.submit(List.of(first, WarcFileWriter.Item.withBlock(request, ex.request(), Optional.empty(), w -> { })));
        }

        void finish() throws IOException {
            writer.finish();
            index.restamp(options.collection(), restamps);
        }

        void abandon() {
            writer.abandon();
        }

        /** Records a file in the index once it is final, with what its records hold. */
        private void commit(WarcFileWriter.Closed c) {
            try {
                index.commitFile(new ArchiveIndex.FileEntry(c.filename(), options.collection(), c.size(),
                        c.opened().toString(), c.closed().toString()), pendingArticles, pendingPayloads);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pendingArticles.clear();
            pendingPayloads.clear();
            warcs.add(c.path());
        }
    }
}
