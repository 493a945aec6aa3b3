package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.Database;

class PackUnchangedTest {
    @TempDir
    Path work;

    private Path corpus(int n) throws IOException {
        return Fixtures.corpus(work.resolve("corpus"), n, "https://www.rfi.fr");
    }

    private ArchiveIndex.ArticleEntry archived(PackOptions options, String path) throws IOException {
        try (Database db = Database.open(options.database())) {
            return new ArchiveIndex(db).latestArticles(options.collection()).get(path);
        }
    }

    @Test
    void anArticleWithItsRecordedSizeAndModificationTimeIsUnchangedWithoutItsBytesBeingRead() throws IOException {
        Path corpus = corpus(3);
        PackOptions options = Fixtures.options(corpus, work).build();
        assertThat(new Packer(options).pack().packed()).isEqualTo(3);
        Path file = corpus.resolve("rfi/1000001.md");
        assertThat(archived(options, "rfi/1000001.md").stamp())
                .contains(ArchiveIndex.FileStamp.of(file));

        // same length, other bytes, the old modification time: only reading would tell, and it is not read
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] = (byte) (bytes[bytes.length - 2] == 'x' ? 'y' : 'x');
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, mtime);
        PackResult again = new Packer(options).pack();
        assertThat(again.packed()).isZero();
        assertThat(again.unchanged()).isEqualTo(3);

        // a new modification time makes it read: its digest differs, so it is packed again
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime.toMillis() + 5_000));
        PackResult changed = new Packer(options).pack();
        assertThat(changed.packed()).isEqualTo(1);
        assertThat(changed.unchanged()).isEqualTo(2);
        assertThat(archived(options, "rfi/1000001.md").stamp()).contains(ArchiveIndex.FileStamp.of(file));
        assertThat(Verifier.verify(List.of(options.out()), Optional.of(corpus)).problems()).isEmpty();
    }

    @Test
    void aListingTakenEarlierIsWhatIsPackedAndAFileWrittenSinceWaitsForTheNextPack() throws IOException {
        Path corpus = corpus(3);
        PackOptions options = Fixtures.options(corpus, work).build();
        List<org.newskeeper.corpus.CorpusFile> listing;
        try (var s = org.newskeeper.corpus.Corpus.files(corpus, options.corpusSettings())) {
            listing = s.toList();
        }
        Files.copy(corpus.resolve("rfi/1000000.md"), corpus.resolve("rfi/1000009.md"));
        org.newskeeper.rules.Validator validator = new org.newskeeper.rules.Validator(options.rules(), options.corpusSettings());

        PackResult listed = new Packer(options).pack(validator, listing);
        assertThat(listed.packed()).isEqualTo(3);
        assertThat(archived(options, "rfi/1000009.md")).isNull();
        PackResult next = new Packer(options).pack();
        assertThat(next.packed()).isEqualTo(1);
        assertThat(next.unchanged()).as("decided from the listing's stamps").isEqualTo(3);
        assertThat(archived(options, "rfi/1000009.md")).isNotNull();
    }

    @Test
    void aTouchedFileWithTheArchivedBytesIsUnchangedAndItsNewStampRecorded() throws IOException {
        Path corpus = corpus(2);
        PackOptions options = Fixtures.options(corpus, work).build();
        new Packer(options).pack();
        Path file = corpus.resolve("rfi/1000000.md");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));

        PackResult touched = new Packer(options).pack();
        assertThat(touched.packed()).isZero();
        assertThat(touched.unchanged()).isEqualTo(2);
        assertThat(touched.warcs()).isEmpty();
        assertThat(archived(options, "rfi/1000000.md").stamp()).contains(ArchiveIndex.FileStamp.of(file));
    }

    @Test
    void aDatabaseFromBeforeStampsIsMigratedAndItsArticlesDecidedByDigestThenStamped() throws IOException {
        Path corpus = corpus(3);
        PackOptions options = Fixtures.options(corpus, work).build();
        new Packer(options).pack();
        try (Database db = Database.open(options.database()); Statement s = db.connection().createStatement()) {
            s.execute("ALTER TABLE archive_articles DROP COLUMN file_size");
            s.execute("ALTER TABLE archive_articles DROP COLUMN file_mtime");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        Files.writeString(corpus.resolve("rfi/1000002.md"), "edited\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        PackResult migrated = new Packer(options).pack();
        assertThat(migrated.packed()).isEqualTo(1);
        assertThat(migrated.unchanged()).isEqualTo(2);
        for (String path : List.of("rfi/1000000.md", "rfi/1000001.md", "rfi/1000002.md")) {
            assertThat(archived(options, path).stamp()).as(path)
                    .contains(ArchiveIndex.FileStamp.of(corpus.resolve(path)));
        }
    }
}
