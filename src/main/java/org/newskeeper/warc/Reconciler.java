package org.newskeeper.warc;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.newskeeper.history.ArchiveIndex;

/**
 * Brings the archive index up to date with the final WARC files of an output directory: a file the
 * index does not know (the run that wrote it died between the rename and the commit) is indexed
 * from its own records, and gets its CDXJ index when that is missing.
 */
final class Reconciler {
    private Reconciler() {
    }

    static void reconcile(Path out, ArchiveIndex index, List<String> warnings) throws IOException {
        List<Path> finals;
        try (Stream<Path> s = Files.list(out)) {
            finals = s.filter(p -> p.getFileName().toString().endsWith(WarcFileWriter.SUFFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        }
        for (Path warc : finals) {
            String filename = warc.getFileName().toString();
            if (index.hasFile(filename)) {
                continue;
            }
            indexFile(warc, index, warnings);
        }
    }

    private static void indexFile(Path warc, ArchiveIndex index, List<String> warnings) throws IOException {
        String filename = warc.getFileName().toString();
        String collection = null;
        List<ArchiveIndex.ArticleEntry> articles = new ArrayList<>();
        List<ArchiveIndex.PayloadEntry> payloads = new ArrayList<>();
        Path cdx = WarcFileWriter.cdxjPath(warc);
        // the index is written only when it is missing; its lines are spilled to sorted runs as they grow
        try (CdxjSorter cdxj = Files.exists(cdx) ? null : new CdxjSorter(cdx);
                GzipMembers members = new GzipMembers(warc)) {
            Optional<GzipMembers.Member> m;
            while ((m = members.next()).isPresent()) {
                if (!(m.get() instanceof GzipMembers.Good g)) {
                    warnings.add(warc + ":" + m.get().offset() + ": unreadable record skipped while indexing");
                    continue;
                }
                Optional<RawRecord> parsed = RawRecord.parse(g.data());
                if (parsed.isEmpty()) {
                    continue;
                }
                RawRecord r = parsed.get();
                if (r.type().equals("warcinfo")) {
                    collection = collection != null ? collection : warcinfoField(r, "isPartOf").orElse(null);
                    continue;
                }
                if (cdxj != null) {
                    Optional<CdxjLine> line = cdxjLine(r, g.offset(), g.length(), filename);
                    if (line.isPresent()) {
                        cdxj.add(line.get().format());
                    }
                }
                Optional<String> id = r.id();
                Optional<String> target = r.target();
                Optional<String> date = r.first("WARC-Date");
                Optional<String> digest = r.first("WARC-Payload-Digest").map(Digests::normalise);
                if (id.isEmpty() || target.isEmpty() || date.isEmpty() || digest.isEmpty()) {
                    continue;
                }
                if (r.type().equals("resource") && target.get().startsWith(Packer.URN_PREFIX)) {
                    String rest = target.get().substring(Packer.URN_PREFIX.length());
                    int colon = rest.indexOf(':');
                    if (colon > 0) {
                        collection = collection != null ? collection : rest.substring(0, colon);
                        articles.add(new ArchiveIndex.ArticleEntry(decodePath(rest.substring(colon + 1)), digest.get(),
                                id.get(), date.get(), filename, g.offset()));
                    }
                } else if (r.type().equals("response")) {
                    payloads.add(new ArchiveIndex.PayloadEntry(digest.get(), id.get(), target.get(), date.get(),
                            filename, g.offset()));
                }
            }
            if (collection == null) {
                warnings.add(warc + ": no collection named in its warcinfo; not indexed");
                return;
            }
            if (cdxj != null) {
                cdxj.finish();
            }
        }
        FileTime mtime = Files.getLastModifiedTime(warc);
        Instant t = mtime.toInstant();
        index.commitFile(new ArchiveIndex.FileEntry(filename, collection, Files.size(warc), t.toString(), t.toString()),
                articles, payloads);
    }

    /** Decodes the percent-encoded path of an article Target-URI. */
    static String decodePath(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A field of a warcinfo record's {@code application/warc-fields} block. */
    static Optional<String> warcinfoField(RawRecord r, String name) {
        String text = new String(r.data, r.blockStart, r.blockLength, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The CDXJ line of a response, revisit or resource record; empty for other types. */
    static Optional<CdxjLine> cdxjLine(RawRecord r, long offset, long length, String filename) {
        return cdxjLine(r.type(), r::first, () -> r.isHttp() ? HttpBlock.parse(r.data, r.blockStart, r.blockLength)
                : Optional.empty(), offset, length, filename);
    }

    /** The CDXJ line of a record {@code verify} streamed. */
    static Optional<CdxjLine> cdxjLine(ScannedRecord r, long offset, long length, String filename) {
        return cdxjLine(r.type(), r::first, () -> r.http().flatMap(ScannedRecord.Http::head), offset, length, filename);
    }

    private static Optional<CdxjLine> cdxjLine(String type, java.util.function.Function<String, Optional<String>> field,
            java.util.function.Supplier<Optional<HttpBlock>> httpHead, long offset, long length, String filename) {
        if (!type.equals("response") && !type.equals("revisit") && !type.equals("resource")) {
            return Optional.empty();
        }
        Optional<String> target = field.apply("WARC-Target-URI").map(RawRecord::unbracket);
        Optional<String> date = field.apply("WARC-Date");
        if (target.isEmpty() || date.isEmpty()) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = Instant.parse(date.get());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        String digest = field.apply("WARC-Payload-Digest").map(Digests::normalise).orElse("-");
        String mime;
        Optional<Integer> status = Optional.empty();
        if (type.equals("resource")) {
            mime = field.apply("Content-Type").map(t -> t.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT))
                    .orElse("unk");
        } else {
            Optional<HttpBlock> http = httpHead.get();
            status = http.flatMap(HttpBlock::status);
            mime = type.equals("revisit") ? "warc/revisit" : http.map(HttpBlock::mime).orElse("unk");
        }
        return Optional.of(new CdxjLine(target.get(), instant, mime, status, digest, length, offset, filename));
    }
}
