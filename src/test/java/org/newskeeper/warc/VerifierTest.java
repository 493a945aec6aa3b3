package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
    @TempDir
    Path work;
    Path corpus;
    Path out;

    @BeforeEach
    void pack() throws IOException {
        corpus = Fixtures.corpus(work.resolve("corpus"), 4, "https://www.rfi.fr");
        out = work.resolve("out");
        new Packer(Fixtures.options(corpus, work).build()).pack();
    }

    private Path warc() throws IOException {
        return Fixtures.warcs(out).get(0);
    }

    private VerifyReport verify(Path... paths) throws IOException {
        return Verifier.verify(List.of(paths), Optional.empty());
    }

    @Test
    void aFreshPackIsClean() throws IOException {
        VerifyReport r = Verifier.verify(List.of(out), Optional.of(corpus));
        assertThat(r.problems()).isEmpty();
        assertThat(r.records()).isEqualTo(9);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void aFlippedPayloadByteFailsBothDigests() throws IOException {
        Path warc = warc();
        long at = Fixtures.rewrite(warc, 3, data -> {
            byte[] copy = data.clone();
            copy[copy.length - 10] ^= 0x01;
            return copy;
        });
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.offset() == at).extracting(Problem::check)
                .contains("block-digest", "payload-digest");
        assertThat(r.problems()).filteredOn(p -> p.check().endsWith("-digest"))
                .allSatisfy(p -> assertThat(p.file()).isEqualTo(warc.toString()));
    }

    @Test
    void aWrongContentLengthIsReported() throws IOException {
        Path warc = warc();
        Fixtures.Rec rec = Fixtures.records(warc).get(1);
        String cl = rec.field("Content-Length");
        long at = Fixtures.rewrite(warc, 1, Fixtures.replaceInHeader("Content-Length: " + cl,
                "Content-Length: " + (Long.parseLong(cl) - 3)));
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.offset() == at).extracting(Problem::check).contains("content-length");
    }

    @Test
    void aDuplicateRecordIdAcrossTwoFilesIsReported() throws IOException {
        new Packer(Fixtures.options(corpus, work).all(true).build()).pack();
        List<Path> warcs = Fixtures.warcs(out);
        assertThat(warcs).hasSize(2);
        String firstId = Fixtures.records(warcs.get(0)).get(1).field("WARC-Record-ID");
        String secondId = Fixtures.records(warcs.get(1)).get(1).field("WARC-Record-ID");
        long at = Fixtures.rewrite(warcs.get(1), 1, Fixtures.replaceInHeader(secondId, firstId));
        VerifyReport r = verify(out);
        assertThat(r.problems()).filteredOn(p -> p.check().equals("duplicate-record-id")).singleElement()
                .satisfies(p -> {
                    assertThat(p.file()).isEqualTo(warcs.get(1).toString());
                    assertThat(p.offset()).isEqualTo(at);
                    assertThat(p.message()).contains(warcs.get(0).toString());
                });
    }

    @Test
    void aDanglingConcurrentToIsReported() throws IOException {
        Path warc = warc();
        String target = Fixtures.records(warc).get(2).field("WARC-Concurrent-To");
        long at = Fixtures.rewrite(warc, 2, Fixtures.replaceInHeader(target,
                "<urn:uuid:00000000-0000-4000-8000-000000000000>"));
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.check().equals("dangling-reference")).singleElement()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(at));
    }

    @Test
    void aTruncatedLastRecordIsReportedAtItsOffset() throws IOException {
        Path warc = warc();
        List<Fixtures.Rec> recs = Fixtures.records(warc);
        long last = recs.get(recs.size() - 1).offset();
        byte[] bytes = Files.readAllBytes(warc);
        Files.write(warc, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        VerifyReport r = verify(warc);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("truncated");
            assertThat(p.offset()).isEqualTo(last);
        });
        assertThat(r.records()).isEqualTo(recs.size() - 1);
    }

    @Test
    void afterACorruptMemberReadingResumesAtTheNextOne() throws IOException {
        Path warc = warc();
        List<Fixtures.Rec> recs = Fixtures.records(warc);
        Fixtures.Rec victim = recs.get(3);
        byte[] bytes = Files.readAllBytes(warc);
        for (int i = 12; i < 40; i++) {
            bytes[(int) victim.offset() + i] ^= 0x5a;
        }
        Files.write(warc, bytes);
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.check().equals("gzip")).singleElement()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(victim.offset()));
        assertThat(r.records()).isEqualTo(recs.size() - 1);
    }

    @Test
    void twoRecordsInOneGzipMemberAreReported() throws IOException {
        Path warc = warc();
        List<Fixtures.Rec> recs = Fixtures.records(warc);
        byte[] next = recs.get(2).record().data;
        long at = Fixtures.rewrite(warc, 1, data -> {
            byte[] both = java.util.Arrays.copyOf(data, data.length + next.length);
            System.arraycopy(next, 0, both, data.length, next.length);
            return both;
        });
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.offset() == at).extracting(Problem::message)
                .anyMatch(m -> m.contains("more than one record in one gzip member"));
    }

    @Test
    void aForbiddenOrMissingFieldIsReported() throws IOException {
        Path warc = warc();
        long at = Fixtures.rewrite(warc, 1, Fixtures.replaceInHeader("WARC-Target-URI:", "WARC-Refers-To-Target-URI:"));
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.offset() == at).extracting(Problem::check)
                .contains("missing-field", "forbidden-field");
    }

    @Test
    void aCdxjLinePointingAtTheWrongOffsetIsReported() throws IOException {
        Path warc = warc();
        Path cdxj = WarcFileWriter.cdxjPath(warc);
        String text = Files.readString(cdxj);
        String firstOffset = CdxjLine.fields(text.lines().findFirst().orElseThrow()).orElseThrow().get("offset").asText();
        Files.writeString(cdxj, text.replaceFirst("\"offset\":\"" + firstOffset + "\"", "\"offset\":\"" + (Long.parseLong(firstOffset) + 7) + "\""));
        VerifyReport r = verify(warc);
        assertThat(r.problems()).extracting(Problem::check).contains("cdxj-offset", "cdxj-missing");
        assertThat(r.problems()).filteredOn(p -> p.check().equals("cdxj-offset")).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo(cdxj.toString()));
    }

    @Test
    void aCdxjLineThatDiffersFromItsRecordIsReportedWithTheLineExpected() throws IOException {
        Path warc = warc();
        Path cdxj = WarcFileWriter.cdxjPath(warc);
        List<String> lines = Files.readAllLines(cdxj);
        String right = lines.get(0);
        String digest = CdxjLine.fields(right).orElseThrow().get("digest").asText();
        String wrong = right.replace(digest, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        lines.set(0, wrong);
        Files.write(cdxj, lines);
        VerifyReport r = verify(warc);
        // the expected line is not held during verification: it is read again from the WARC
        assertThat(r.problems()).filteredOn(p -> p.check().equals("cdxj-mismatch")).singleElement()
                .satisfies(p -> assertThat(p.message()).endsWith(": expected " + right));
        assertThat(r.problems()).extracting(Problem::check).doesNotContain("cdxj-missing", "cdxj-offset");
    }

    @Test
    void anEditedCorpusFileIsReportedAsChanged() throws IOException {
        Path edited = corpus.resolve("rfi/1000001.md");
        Files.writeString(edited, Files.readString(edited).replace("段落", "段 落"), StandardCharsets.UTF_8);
        VerifyReport r = Verifier.verify(List.of(out), Optional.of(corpus));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("changed");
            assertThat(p.file()).isEqualTo(edited.toString());
        });
    }

    @Test
    void newAndDeletedCorpusFilesAreReported() throws IOException {
        Files.writeString(corpus.resolve("rfi/new.md"), Fixtures.article(1, "t", "https://x.example/", "<p>x</p>"));
        Files.delete(corpus.resolve("rfi/1000000.md"));
        VerifyReport r = Verifier.verify(List.of(out), Optional.of(corpus));
        assertThat(r.problems()).extracting(Problem::check)
                .containsExactlyInAnyOrder("missing-from-archive", "deleted-from-corpus");
        assertThat(r.problems()).filteredOn(p -> p.check().equals("deleted-from-corpus")).singleElement()
                .satisfies(p -> assertThat(p.file()).isEqualTo(warc().toString()));
    }

    @Test
    void repackedArticlesAreCheckedAgainstTheirLatestVersion() throws IOException {
        Path edited = corpus.resolve("rfi/1000003.md");
        Files.writeString(edited, "new text\n", java.nio.file.StandardOpenOption.APPEND);
        new Packer(Fixtures.options(corpus, work).build()).pack();
        assertThat(Verifier.verify(List.of(out), Optional.of(corpus)).problems()).isEmpty();
    }

    @Test
    void aFileNamedTwiceIsReadOnceAndAnEmptyFileIsReported() throws IOException {
        assertThat(verify(out, warc()).problems()).isEmpty();
        Path empty = Files.createFile(out.resolve("EMPTY.warc.gz"));
        assertThat(verify(empty).problems()).extracting(Problem::check).containsExactly("empty");
    }

    @Test
    void aFlippedByteAnywhereIsFoundUnlessItChangesNoRecordAndNeverCrashesTheVerifier() throws IOException {
        Path warc = warc();
        byte[] original = Files.readAllBytes(warc);
        List<byte[]> content = Fixtures.records(warc).stream().map(r -> r.record().data).toList();
        java.util.Random random = new java.util.Random(7);
        int found = 0;
        for (int i = 0; i < 60; i++) {
            int at = random.nextInt(original.length);
            byte[] damaged = original.clone();
            damaged[at] ^= (byte) (1 << random.nextInt(8));
            Files.write(warc, damaged);
            VerifyReport r = verify(warc);
            if (r.problems().isEmpty()) {
                // gzip header time/OS bytes and deflate padding bits carry no content
                assertThat(Fixtures.records(warc).stream().map(x -> x.record().data).toList())
                        .as("flip at %d changed a record unnoticed", at).usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(content);
            } else {
                found++;
            }
        }
        assertThat(found).isGreaterThan(40);
    }

    @Test
    void uncompressedWarcsAreVerifiedRecordByRecordToo() throws IOException {
        Path plain = work.resolve("plain.warc");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(warc()))) {
            Files.write(plain, in.readAllBytes());
        }
        assertThat(verify(plain).problems()).isEmpty();
        assertThat(verify(plain).records()).isEqualTo(9);

        byte[] bytes = Files.readAllBytes(plain);
        List<Fixtures.Rec> recs = Fixtures.records(warc());
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int third = text.indexOf("WARC/1.1", text.indexOf("WARC/1.1", text.indexOf("WARC/1.1") + 1) + 1);
        bytes[third + 2] = 'X'; // "WAXC/1.1": that record is lost, the next ones are found again
        Files.write(plain, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        VerifyReport r = verify(plain);
        assertThat(r.problems()).extracting(Problem::check).containsExactly("record", "truncated");
        assertThat(r.problems().get(0).offset()).isEqualTo(third);
        assertThat(r.records()).isEqualTo(recs.size() - 2);
    }

    @Test
    void aFlippedByteInAResourceRecordNamesItsArticlesPath() throws IOException {
        Path warc = warc();
        int resource = Fixtures.indexOfType(warc, "resource");
        String target = Fixtures.records(warc).get(resource).field("WARC-Target-URI");
        String path = target.substring(target.lastIndexOf(':') + 1);
        long at = Fixtures.rewrite(warc, resource, data -> {
            byte[] copy = data.clone();
            copy[copy.length - 10] ^= 0x01;
            return copy;
        });
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.offset() == at).isNotEmpty()
                .allSatisfy(p -> assertThat(p.message()).endsWith("(article " + path + ")"));
        assertThat(path).startsWith("rfi/").endsWith(".md");
    }

    @Test
    void aGzipMemberThatCannotBeReadIsNamedByTheRecordsItsIndexPlacesInIt() throws IOException {
        Path warc = warc();
        int resource = Fixtures.indexOfType(warc, "resource");
        Fixtures.Rec victim = Fixtures.records(warc).get(resource);
        String target = victim.field("WARC-Target-URI");
        byte[] bytes = Files.readAllBytes(warc);
        for (int i = 12; i < 40; i++) {
            bytes[(int) victim.offset() + i] ^= 0x5a;
        }
        Files.write(warc, bytes);
        VerifyReport r = verify(warc);
        assertThat(r.problems()).filteredOn(p -> p.check().equals("gzip")).singleElement().satisfies(p -> {
            assertThat(p.offset()).isEqualTo(victim.offset());
            assertThat(p.message()).contains("the index places here: article " + target.substring(target.lastIndexOf(':') + 1));
        });
    }
}
