package org.newskeeper.warc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies WARC files more strictly than {@code jwarc validate}, streaming every gzip member and
 * record (a record of any size costs bounded memory): gzip framing (CRC and length trailers),
 * Content-Length against the record's real extent ({@link RecordScanner}), the fields WARC 1.1
 * requires or forbids per record type ({@link RecordCheck}), block and payload digests in any
 * encoding ({@link DigestCheck}), Record-ID uniqueness and references across all files
 * ({@link References}), each CDXJ index beside a WARC ({@link IndexCheck}); a WACZ package given by
 * name is checked by {@link WaczVerifier}, its WARCs as these. After a corrupt gzip member it
 * resynchronises at the next member and goes on. With a corpus, checks fixity ({@link Fixity}).
 *
 * <p>Every problem is an error (damage, or a MUST of WARC 1.1/1.0) or a warning (a SHOULD or a
 * convention other tools' files legally break); a strict verification, as the nightly runs on our
 * own files, makes warnings errors.
 */
public final class Verifier {
    private final Findings findings;
    private final IndexCheck index;
    private final References references = new References();
    private final Fixity fixity;
    private final List<String> warcsRead = new ArrayList<>();
    /** The loose WARC files read, by the name their problems give them (metadata can be read again). */
    private final Map<String, Path> loose = new LinkedHashMap<>();
    private long records;

    private Verifier(boolean strict, org.newskeeper.corpus.CorpusSettings corpusSettings) {
        this.findings = new Findings(strict);
        this.index = new IndexCheck(findings);
        this.fixity = new Fixity(findings, corpusSettings);
    }

    /** {@link #verify(List, Optional, boolean)}, not strict: other tools' legal-but-unusual files pass with warnings. */
    public static VerifyReport verify(List<Path> paths, Optional<Path> corpus) throws IOException {
        return verify(paths, corpus, false);
    }

    /**
     * Verifies every WARC file among {@code paths} (gzip-compressed or uncompressed; directories
     * are searched for {@code *.warc.gz} and {@code *.warc};
     * {@code .open} files are not final WARCs and are skipped), every WACZ package given by name
     * (its zip, datapackage, member WARCs, index and pages; see {@link WaczVerifier}) and, with
     * {@code corpus}, fixity. When {@code strict}, every warning is reported as an error.
     *
     * @throws NoSuchFileException when a path does not exist
     * @throws InputException when {@code corpus} is not a directory, or a file given by name is a
     *         CDXJ index
     */
    public static VerifyReport verify(List<Path> paths, Optional<Path> corpus, boolean strict) throws IOException {
        return verify(paths, corpus, strict, org.newskeeper.corpus.CorpusSettings.defaults());
    }

    /**
     * {@link #verify(List, Optional)} with the corpus's articles chosen by {@code settings}
     * ({@code [corpus]} include/exclude; pipes, devices, links leaving the corpus and files over the
     * size limit are not read, so neither counted missing from the archive nor changed).
     */
    public static VerifyReport verify(List<Path> paths, Optional<Path> corpus,
            org.newskeeper.corpus.CorpusSettings settings) throws IOException {
        return verify(paths, corpus, false, settings);
    }

    /** {@link #verify(List, Optional, boolean)} with the corpus's articles chosen by {@code settings}. */
    public static VerifyReport verify(List<Path> paths, Optional<Path> corpus, boolean strict,
            org.newskeeper.corpus.CorpusSettings settings) throws IOException {
        if (corpus.isPresent() && !Files.isDirectory(corpus.get())) {
            throw new InputException("corpus " + corpus.get() + ": "
                    + (Files.exists(corpus.get()) ? "not a directory" : "no such directory"));
        }
        return new Verifier(strict, settings).run(paths, corpus);
    }

    /**
     * The nightly's rolling audit: verifies in full, strictly, the WARC files {@code files} of the
     * archive in {@code out} (some of its files, not all) with the same checks as {@link #verify},
     * the archive index of {@code collection} standing for the files not read: a revisit's original
     * in an older file is found there, and the corpus's fixity reads only the articles whose size
     * or modification time differ from the index's stamps, plus the articles of the files read
     * (see {@code Fixity#checkChanged}).
     */
    public static VerifyReport audit(Path out, List<Path> files, org.newskeeper.history.ArchiveIndex index,
            String collection, Optional<Path> corpus, org.newskeeper.corpus.CorpusSettings settings) throws IOException {
        return audit(out, files, index, collection, corpus, settings, java.util.Set.of());
    }

    /**
     * {@link #audit(Path, List, org.newskeeper.history.ArchiveIndex, String, Optional, org.newskeeper.corpus.CorpusSettings)},
     * reading for fixity also the corpus files {@code reread} (as problems name them: the nightly
     * passes the articles found changed the night before, so a change that kept the file's size and
     * modification time stays reported until it is packed or undone).
     */
    public static VerifyReport audit(Path out, List<Path> files, org.newskeeper.history.ArchiveIndex index,
            String collection, Optional<Path> corpus, org.newskeeper.corpus.CorpusSettings settings,
            java.util.Set<String> reread) throws IOException {
        if (corpus.isPresent() && !Files.isDirectory(corpus.get())) {
            throw new InputException("corpus " + corpus.get() + ": "
                    + (Files.exists(corpus.get()) ? "not a directory" : "no such directory"));
        }
        Verifier v = new Verifier(true, settings);
        for (Path f : files) {
            v.verifyFile(f);
        }
        v.references.check(ids -> {
            Map<String, References.Seen> found = new java.util.HashMap<>();
            index.payloadsByRecordId(collection, ids).forEach((id, p) -> found.put(id, new References.Seen(
                    out.resolve(p.filename()).toString(), p.offset(), Optional.of(Digests.canonical(p.digest())),
                    Optional.of(p.targetUri()), Optional.of(p.date()))));
            return found;
        });
        v.nameCapturesByCitingArticles();
        if (corpus.isPresent()) {
            v.fixity.checkChanged(corpus.get(), index.latestArticles(collection), out, reread);
        }
        return new VerifyReport(v.warcsRead, v.records, v.findings.sorted());
    }

    /**
     * The files among {@code paths} that {@link #verify} reads, in order: WARC files, and WACZ
     * packages given by name (a directory walk picks up only {@code *.warc.gz} and {@code *.warc},
     * so a pack output directory holding WARCs and the WACZ made from them is not read twice).
     *
     * @throws InputException when a file given by name is a CDXJ index
     */
    public static List<Path> warcFiles(List<Path> paths) throws IOException {
        return WarcDiscovery.files(paths);
    }

    private VerifyReport run(List<Path> paths, Optional<Path> corpus) throws IOException {
        for (Path f : WarcDiscovery.files(paths)) {
            verifyFile(f);
        }
        references.check();
        nameCapturesByCitingArticles();
        if (corpus.isPresent()) {
            fixity.check(corpus.get());
        }
        return new VerifyReport(warcsRead, records, findings.sorted());
    }

    /**
     * Names each damaged capture by the articles whose metadata cites it, reading again only the
     * metadata records of the loose WARCs that hold damaged captures (nothing when none is damaged).
     */
    private void nameCapturesByCitingArticles() throws IOException {
        Map<String, Set<String>> damaged = findings.damagedCaptures();
        if (damaged.isEmpty()) {
            return;
        }
        Set<Path> files = new java.util.LinkedHashSet<>();
        damaged.values().forEach(names -> names.stream().map(loose::get).filter(java.util.Objects::nonNull)
                .forEach(files::add));
        if (!files.isEmpty()) {
            findings.citedBy(CitingArticles.find(files, damaged.keySet()));
        }
    }

    /** An error found outside records (the WACZ checks report through this). */
    void problem(String file, long offset, String check, String message) {
        findings.error(file, offset, check, message);
    }

    IndexCheck index() {
        return index;
    }

    private void verifyFile(Path path) throws IOException {
        if (WarcDiscovery.isWacz(path)) {
            new WaczVerifier(this, path).verify();
            return;
        }
        String name = path.getFileName().toString();
        Path cdxj = WarcFileWriter.cdxjPath(path);
        loose.put(path.toString(), path);
        ExpectedIndex indexable = verifyWarc(path, path.toString(), name, Optional.of(cdxj),
                ExpectedIndex.rereading(path, name));
        if (Files.isRegularFile(cdxj)) {
            Map<String, ExpectedIndex> warcs = Map.of(name, indexable);
            try (InputStream in = Files.newInputStream(cdxj)) {
                index.verify(cdxj.toString(), in, warcs, Optional.empty());
            }
            index.missing(cdxj.toString(), warcs);
        }
    }

    /**
     * {@link #verifyWarc(Path, String, String, Optional, ExpectedIndex)} with no index to name damaged
     * members by, keeping the expected lines (the file may be gone when they are compared).
     */
    ExpectedIndex verifyWarc(Path path, String file, String warcName) throws IOException {
        return verifyWarc(path, file, warcName, Optional.empty(), ExpectedIndex.keepingLines(warcName));
    }

    /**
     * Verifies the WARC {@code path}, reporting problems as in {@code file}; counts it in the
     * report. A member that cannot be read is named by the records {@code cdxj} (when it exists)
     * places in it.
     *
     * @param warcName the name CDXJ lines give the file
     * @param indexable where the CDXJ line each record (by its member's offset) should have is added
     * @return {@code indexable}
     */
    ExpectedIndex verifyWarc(Path path, String file, String warcName, Optional<Path> cdxj, ExpectedIndex indexable)
            throws IOException {
        warcsRead.add(file);
        if (!WarcDiscovery.looksLikeWarc(path)) {
            findings.error(file, 0, "not-warc", "not a WARC file (neither gzip nor a WARC/1.x version line at the start)");
            return indexable;
        }
        try (GzipMembers members = new GzipMembers(path)) {
            if (members.size() == 0) {
                findings.error(file, 0, "empty", "the file is empty");
            }
            Optional<GzipMembers.Member> next;
            boolean first = true;
            while ((next = members.next(RecordScanner::scan)).isPresent()) {
                GzipMembers.Member m = next.get();
                if (m instanceof GzipMembers.Bad bad) {
                    boolean atEnd = bad.offset() + bad.length() >= members.size();
                    List<String> lost = cdxj.map(c -> IndexCheck.recordsAt(c, warcName, bad.offset(),
                            bad.offset() + bad.length())).orElse(List.of());
                    findings.error(file, bad.offset(), atEnd && bad.problem().startsWith("truncated") ? "truncated"
                            : members.plain() ? "record" : "gzip",
                            bad.problem() + (atEnd ? "" : "; resumed at offset " + (bad.offset() + bad.length()))
                                    + (lost.isEmpty() ? "" : "; the index places here: " + String.join(", ", lost)));
                    continue;
                }
                GzipMembers.Streamed<?> s = (GzipMembers.Streamed<?>) m;
                RecordScanner.Scan scan = (RecordScanner.Scan) s.value();
                if (!scan.warc() && first && s.offset() == 0) {
                    findings.error(file, 0, "not-warc", "not a WARC file (a gzip file whose content does not start with"
                            + " a WARC/1.x version line)");
                    return indexable;
                }
                if (!scan.warc()) {
                    findings.error(file, s.offset(), "record", "gzip member does not start with a WARC version line");
                    continue;
                }
                for (ScannedRecord r : scan.records()) {
                    records++;
                    verifyRecord(new RecordCheck.At(findings, file, s.offset(), r.holds(), r.capture()), r, first);
                    first = false;
                    Optional<CdxjLine> line = Reconciler.cdxjLine(r, s.offset(), s.length(), warcName);
                    indexable.add(s.offset(), line);
                }
            }
        }
        return indexable;
    }

    private void verifyRecord(RecordCheck.At at, ScannedRecord r, boolean first) {
        RecordCheck.check(at, r, first);
        references.record(at, r);
        DigestCheck.check(at, r);
        if (r.type().equals("resource")) {
            fixity.resource(at.file(), at.offset(), r);
        }
    }
}
