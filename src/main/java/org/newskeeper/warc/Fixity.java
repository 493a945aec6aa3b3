package org.newskeeper.warc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;

/**
 * Corpus fixity: each article's current bytes against its latest archived resource record, each
 * article in some resource record, each archived article still in the corpus.
 */
final class Fixity {
    /** The latest resource record of an article path. */
    private record Archived(String file, long offset, Instant date, String digest) {
    }

    /** The checks of fixity: about the corpus, not the WARC file they may name. */
    static final java.util.Set<String> CHECKS = java.util.Set.of("missing-from-archive", "changed", "deleted-from-corpus");

    private final Findings findings;
    private final org.newskeeper.corpus.CorpusSettings corpusSettings;
    private final Map<String, Archived> archived = new HashMap<>();

    Fixity(Findings findings, org.newskeeper.corpus.CorpusSettings corpusSettings) {
        this.findings = findings;
        this.corpusSettings = corpusSettings;
    }

    /** Notes a resource record read at {@code file:offset}. */
    void resource(String file, long offset, ScannedRecord r) {
        Optional<String> target = r.target();
        Optional<String> date = r.first("WARC-Date");
        if (target.isEmpty() || date.isEmpty()) {
            return;
        }
        Optional<String> path = RecordCheck.articlePath(target.get());
        if (path.isEmpty()) {
            return;
        }
        Instant when;
        try {
            when = Instant.parse(date.get());
        } catch (DateTimeParseException e) {
            return;
        }
        String digest = r.first("WARC-Payload-Digest").map(Digests::canonical).orElse(r.blockSha1());
        Archived prior = archived.get(path.get());
        if (prior == null || !when.isBefore(prior.date())) {
            archived.put(path.get(), new Archived(file, offset, when, digest));
        }
    }

    /** Compares the corpus under {@code corpusRoot} with the resources noted. */
    void check(Path corpusRoot) throws IOException {
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
                findings.error(f.file().toString(), 0, "missing-from-archive", "article " + f.path()
                        + " is in no resource record");
                continue;
            }
            changed(f, a);
        }
        for (Map.Entry<String, Archived> e : new TreeMap<>(archived).entrySet()) {
            if (!current.containsKey(e.getKey())) {
                findings.error(e.getValue().file(), e.getValue().offset(), "deleted-from-corpus", "article " + e.getKey()
                        + " is archived but no longer in the corpus " + corpusRoot);
            }
        }
    }

    /**
     * Compares the corpus under {@code corpusRoot} with the archive as the archive index knows it
     * ({@code latest}: each article's latest archived version, in WARC files under {@code out}),
     * reading only the articles whose size or modification time differ from the index's stamp (or
     * that have none), those with a resource record in the files read ({@code resource}) and the
     * files {@code reread} (named as problems name them). Every
     * article is still looked for in the archive, and every archived article in the corpus, from
     * the listing and the index alone. The problems are those of {@link #check}.
     */
    void checkChanged(Path corpusRoot, Map<String, org.newskeeper.history.ArchiveIndex.ArticleEntry> latest, Path out,
            java.util.Set<String> reread) throws IOException {
        Map<String, CorpusFile> current = new TreeMap<>();
        try (Stream<CorpusFile> files = Corpus.files(corpusRoot, corpusSettings)) {
            files.forEach(f -> current.put(f.path(), f));
        }
        Map<String, Archived> versions = new TreeMap<>();
        Map<String, Boolean> present = new HashMap<>();
        for (org.newskeeper.history.ArchiveIndex.ArticleEntry e : latest.values()) {
            // a version in a WARC file that is gone is not archived (as verify finds, reading what is there)
            if (!present.computeIfAbsent(e.filename(), f -> Files.isRegularFile(out.resolve(f)))) {
                continue;
            }
            Instant when;
            try {
                when = Instant.parse(e.date());
            } catch (DateTimeParseException x) {
                when = Instant.EPOCH;
            }
            versions.put(e.path(), new Archived(out.resolve(e.filename()).toString(), e.offset(), when, e.digest()));
        }
        // a record read tonight that is as recent as the index's entry is the version compared with (as {@link #check} does)
        archived.forEach((path, a) -> versions.merge(path, a, (indexed, read) -> read.date().isBefore(indexed.date())
                ? indexed : read));
        for (CorpusFile f : current.values()) {
            if (f.problem().isPresent()) {
                continue; // never read: check reports it, pack skips it
            }
            Archived a = versions.get(f.path());
            if (a == null) {
                findings.error(f.file().toString(), 0, "missing-from-archive", "article " + f.path()
                        + " is in no resource record");
                continue;
            }
            org.newskeeper.history.ArchiveIndex.ArticleEntry e = latest.get(f.path());
            boolean read = e == null || e.stamp().isEmpty() || archived.containsKey(f.path())
                    || reread.contains(f.file().toString());
            if (!read) {
                try {
                    read = !e.stamp().get().equals(org.newskeeper.history.ArchiveIndex.FileStamp.of(f.file()));
                } catch (IOException x) {
                    continue; // gone or unreadable since the listing: check reports it
                }
            }
            if (!read) {
                continue;
            }
            changed(f, a);
        }
        for (Map.Entry<String, Archived> e : versions.entrySet()) {
            if (!current.containsKey(e.getKey())) {
                findings.error(e.getValue().file(), e.getValue().offset(), "deleted-from-corpus", "article " + e.getKey()
                        + " is archived but no longer in the corpus " + corpusRoot);
            }
        }
    }

    /** Reads {@code f} and reports it {@code changed} when its bytes are not those of {@code a}. */
    private void changed(CorpusFile f, Archived a) {
        String digest;
        try {
            digest = sha1(f.file());
        } catch (IOException e) {
            return; // gone or unreadable since the listing: check reports it
        }
        if (!digest.equals(a.digest())) {
            findings.error(f.file().toString(), 0, "changed", "article " + f.path() + " is " + digest
                    + " but its latest archived version (" + a.file() + ":" + a.offset() + ") is " + a.digest());
        }
    }

    /** {@code sha1:BASE32} of a file, read in pieces. */
    private static String sha1(Path file) throws IOException {
        MessageDigest md = Digests.sha1();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return Digests.label(md);
    }
}
