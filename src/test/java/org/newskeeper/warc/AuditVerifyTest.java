package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.Database;

/** {@link Verifier#audit}: some of an archive's files read in full, the archive index standing for the others. */
class AuditVerifyTest {
    @TempDir
    Path work;
    Path corpus;
    PackOptions options;
    Path first;
    Path second;

    /** Three articles packed into a first WARC, then a new version of the third into a second. */
    @BeforeEach
    void pack() throws IOException {
        corpus = Fixtures.corpus(work.resolve("corpus"), 3, "https://www.rfi.fr");
        options = Fixtures.options(corpus, work).build();
        new Packer(options).pack();
        Path third = corpus.resolve("rfi/1000002.md");
        Files.writeString(third, Files.readString(third) + "<p>更正</p>\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(third, FileTime.fromMillis(Files.getLastModifiedTime(third).toMillis() + 5_000));
        new Packer(options).pack();
        List<Path> warcs = Fixtures.warcs(options.out());
        assertThat(warcs).hasSize(2);
        first = warcs.get(0);
        second = warcs.get(1);
    }

    VerifyReport audit(List<Path> files) throws IOException {
        try (Database db = Database.open(options.database())) {
            return Verifier.audit(options.out(), files, new ArchiveIndex(db), options.collection(), Optional.of(corpus),
                    CorpusSettings.defaults());
        }
    }

    VerifyReport full() throws IOException {
        return Verifier.verify(List.of(options.out()), Optional.of(corpus), true);
    }

    @Test
    void anAuditOfSomeFilesOfACleanArchiveIsClean() throws IOException {
        assertThat(audit(List.of(second)).problems()).isEmpty();
        assertThat(audit(List.of(second)).files()).containsExactly(second.toString());
        assertThat(audit(List.of()).problems()).isEmpty();
        assertThat(audit(List.of(first, second)).problems()).isEmpty();
    }

    @Test
    void fixityReadsOnlyArticlesWhoseStampChangedAndThoseOfTheFilesRead() throws IOException {
        // bit rot in the corpus: other bytes, same size and modification time (only reading tells)
        Path rotten = corpus.resolve("rfi/1000000.md");
        FileTime mtime = Files.getLastModifiedTime(rotten);
        byte[] bytes = Files.readAllBytes(rotten);
        bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == 'x' ? 'y' : 'x');
        Files.write(rotten, bytes);
        Files.setLastModifiedTime(rotten, mtime);
        // an edit with a new modification time, not packed yet
        Path edited = corpus.resolve("rfi/1000001.md");
        Files.writeString(edited, Files.readString(edited) + "<p>新</p>\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(edited, FileTime.fromMillis(mtime.toMillis() + 60_000));

        assertThat(audit(List.of(second)).problems()).extracting(Problem::file, Problem::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(edited.toString(), "changed"));
        // the first file holds both articles: reading it reads them
        assertThat(audit(List.of(first)).problems()).extracting(Problem::file, Problem::check).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(rotten.toString(), "changed"),
                org.assertj.core.groups.Tuple.tuple(edited.toString(), "changed"));
        // reading every file finds what verify on its own finds, word for word
        assertThat(audit(List.of(first, second)).problems()).isEqualTo(full().problems());
    }

    @Test
    void anArticleDeletedOrNeverArchivedIsFoundFromTheListingAndTheIndexWithoutReadingAnyWarc() throws IOException {
        Files.delete(corpus.resolve("rfi/1000001.md"));
        Files.writeString(corpus.resolve("rfi/1000009.md"), Fixtures.article(1_690_379_109_000L, "新的", "https://www.rfi.fr/cn/9",
                "<p>段落</p>"), StandardCharsets.UTF_8);

        List<Problem> problems = audit(List.of()).problems();

        assertThat(problems).extracting(Problem::check).containsExactlyInAnyOrder("deleted-from-corpus", "missing-from-archive");
        assertThat(problems).isEqualTo(full().problems());
    }

    @Test
    void aDamagedFileReadByTheAuditHasTheProblemsVerifyOnItsOwnFindsInIt() throws IOException {
        Fixtures.rewrite(first, Fixtures.indexOfType(first, "resource"), data -> {
            byte[] d = data.clone();
            d[d.length - 10] = (byte) (d[d.length - 10] ^ 1);
            return d;
        });

        VerifyReport audited = audit(List.of(first));
        List<Problem> inFirst = full().problems().stream().filter(p -> p.file().equals(first.toString())
                || p.file().equals(WarcFileWriter.cdxjPath(first).toString())).toList();

        assertThat(inFirst).isNotEmpty();
        assertThat(audited.problems()).containsAll(inFirst);
        assertThat(audited.problemsIn(first)).isEqualTo(inFirst.stream().filter(p -> !Fixity.CHECKS.contains(p.check())).count());
        assertThat(audit(List.of(second)).problemsIn(second)).isZero();
    }

    @Test
    void theArticlesOfAWarcFileThatIsGoneAreMissingFromTheArchive() throws IOException {
        Files.delete(second);
        Files.deleteIfExists(WarcFileWriter.cdxjPath(second));

        List<Problem> problems = audit(List.of()).problems();

        assertThat(problems).extracting(Problem::check, Problem::file).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "missing-from-archive", corpus.resolve("rfi/1000002.md").toString()));
    }

    @Test
    void anArticleNamedForRereadingIsReadEvenWithItsRecordedStamp() throws IOException {
        Path rotten = corpus.resolve("rfi/1000000.md");
        FileTime mtime = Files.getLastModifiedTime(rotten);
        byte[] bytes = Files.readAllBytes(rotten);
        bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == 'x' ? 'y' : 'x');
        Files.write(rotten, bytes);
        Files.setLastModifiedTime(rotten, mtime);

        assertThat(audit(List.of()).problems()).isEmpty();
        try (Database db = Database.open(options.database())) {
            assertThat(Verifier.audit(options.out(), List.of(), new ArchiveIndex(db), options.collection(), Optional.of(corpus),
                    CorpusSettings.defaults(), java.util.Set.of(rotten.toString())).problems())
                    .extracting(Problem::file, Problem::check)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(rotten.toString(), "changed"));
        }
    }
}
