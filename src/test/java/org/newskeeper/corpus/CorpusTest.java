package org.newskeeper.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @Test
    void filesAreTheMarkdownFilesInPathOrderWithSlashSeparatedRelativePaths(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("rfi"));
        Files.createDirectories(root.resolve("bbc"));
        Files.writeString(root.resolve("rfi/2.md"), "x");
        Files.writeString(root.resolve("rfi/10.md"), "x");
        Files.writeString(root.resolve("bbc/1.md"), "x");
        Files.writeString(root.resolve("bbc/notes.txt"), "x");
        assertThat(Corpus.files(root).map(CorpusFile::path)).containsExactly("bbc/1.md", "rfi/10.md", "rfi/2.md");
    }

    @Test
    void aListedFileCarriesTheSizeAndModificationTimeTheWalkSaw(@TempDir Path root) throws IOException {
        Path f = Files.writeString(root.resolve("a.md"), "12345");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_690_379_102_000L));
        assertThat(Corpus.files(root)).singleElement()
                .satisfies(c -> assertThat(c.listed()).contains(new CorpusFile.Listed(5, 1_690_379_102_000L)));
        Files.createFile(root.resolve("b.md"));
        Files.createSymbolicLink(root.resolve("c.md"), root.resolve("gone"));
        assertThat(Corpus.files(root)).filteredOn(c -> c.path().equals("c.md")).singleElement()
                .satisfies(c -> assertThat(c.listed()).as("a problem, not a file").isEmpty());
    }

    @Test
    void hiddenFoldersSuchAsGitAreNotEntered(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve(".git/objects"));
        Files.writeString(root.resolve(".git/objects/x.md"), "x");
        Files.writeString(root.resolve("a.md"), "x");
        assertThat(Corpus.files(root).map(CorpusFile::path)).containsExactly("a.md");
    }

    @Test
    void missingRootIsAnIoException(@TempDir Path root) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Corpus.files(root.resolve("absent")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aRootThatIsAFileYieldsThatFile(@TempDir Path root) throws IOException {
        Path f = Files.writeString(root.resolve("a.md"), "x");
        assertThat(Corpus.files(f)).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("a.md");
            assertThat(c.file()).isEqualTo(f);
        });
    }

    @Test
    void symlinkedFilesAndFoldersInsideTheCorpusAreFollowed(@TempDir Path root) throws IOException {
        Path inside = Files.createDirectories(root.resolve("store"));
        Files.writeString(inside.resolve("linked.md"), "x");
        Files.writeString(root.resolve("a.md"), "x");
        Files.createSymbolicLink(root.resolve("b.md"), inside.resolve("linked.md"));
        Files.createSymbolicLink(root.resolve("sub"), inside);
        assertThat(Corpus.files(root).toList()).extracting(CorpusFile::path, CorpusFile::problem)
                .containsExactly(tuple("a.md", Optional.empty()), tuple("b.md", Optional.empty()),
                        tuple("store/linked.md", Optional.empty()), tuple("sub/linked.md", Optional.empty()));
    }

    @Test
    void symlinksLeavingTheCorpusAreFindingsAndNotReadByDefault(@TempDir Path tmp) throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("secret.md"), "the outside file");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("a.md"), "x");
        Files.createSymbolicLink(root.resolve("b.md"), elsewhere.resolve("secret.md"));
        Files.createSymbolicLink(root.resolve("sub"), elsewhere);
        var files = Corpus.files(root).toList();
        assertThat(files).extracting(CorpusFile::path).containsExactly("a.md", "b.md", "sub");
        assertThat(files.get(1).problem()).hasValueSatisfying(why -> assertThat(why).contains("outside the corpus",
                "follow_symlinks_outside"));
        assertThat(files.get(2).problem()).hasValueSatisfying(why -> assertThat(why).contains("outside the corpus"));
        assertThat(ArticleParser.read(files.get(1)).bytes().readError()).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Corpus.read(root, root.resolve("b.md"), CorpusSettings.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("outside the corpus");
    }

    @Test
    void symlinksLeavingTheCorpusAreFollowedWhenConfigured(@TempDir Path tmp) throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.md"), "x");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("b.md"), elsewhere.resolve("linked.md"));
        Files.createSymbolicLink(root.resolve("sub"), elsewhere);
        CorpusSettings follow = new CorpusSettings(CorpusSettings.DEFAULT_INCLUDE, CorpusSettings.DEFAULT_EXCLUDE, true,
                CorpusSettings.DEFAULT_MAX_FILE_SIZE);
        assertThat(Corpus.files(root, follow).toList()).extracting(CorpusFile::path, CorpusFile::problem)
                .containsExactly(tuple("b.md", Optional.empty()), tuple("sub/linked.md", Optional.empty()));
        assertThat(Corpus.read(root, root.resolve("b.md"), follow)).isEqualTo("x".getBytes());
    }

    @Test
    void readmeChangelogLicenseAndIndexAtTheRootAreNotArticles(@TempDir Path root) throws IOException {
        for (String name : new String[] {"README.md", "CHANGELOG.md", "LICENSE.md", "index.md", "a.md"}) {
            Files.writeString(root.resolve(name), "x");
        }
        Files.createDirectories(root.resolve("site"));
        Files.writeString(root.resolve("site/README.md"), "x");
        Files.writeString(root.resolve("site/index.md"), "x");
        assertThat(Corpus.files(root).map(CorpusFile::path)).containsExactly("a.md", "site/README.md", "site/index.md");
    }

    @Test
    void excludeGlobsLeaveOutFilesAndWholeFolders(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("drafts/deep"));
        Files.createDirectories(root.resolve("bbc"));
        Files.writeString(root.resolve("drafts/deep/x.md"), "x");
        Files.writeString(root.resolve("bbc/1.md"), "x");
        Files.writeString(root.resolve("bbc/1.tmp.md"), "x");
        CorpusSettings s = CorpusSettings.defaults().withExclude(java.util.List.of("drafts/**", "**/*.tmp.md"));
        assertThat(Corpus.files(root, s).map(CorpusFile::path)).containsExactly("bbc/1.md");
    }

    @Test
    void aFifoIsAProblemAndNothingWaitsOnIt(@TempDir Path root) throws Exception {
        Path fifo = root.resolve("x.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(org.newskeeper.SpecialFiles.mkfifo(fifo), "mkfifo is not available: FIFO test skipped");
        Files.writeString(root.resolve("a.md"), "x");
        var files = Corpus.files(root).toList();
        assertThat(files).extracting(CorpusFile::path).containsExactly("a.md", "x.md");
        assertThat(files.get(1).problem()).hasValueSatisfying(why -> assertThat(why).contains("not a regular file"));
        // even a stage that was handed the FIFO as if it were fine returns at once
        assertThat(ArticleParser.read(new CorpusFile(root, fifo, "x.md")).bytes().readError())
                .hasValueSatisfying(why -> assertThat(why).contains("not a regular file"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Corpus.read(root, fifo, CorpusSettings.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void aLinkToDevZeroIsAProblemAndNeverRead(@TempDir Path root) throws IOException {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero: test skipped");
        Files.createSymbolicLink(root.resolve("zero.md"), zero);
        CorpusFile f = Corpus.files(root).findFirst().orElseThrow();
        assertThat(f.problem()).hasValueSatisfying(why -> assertThat(why).contains("not a regular file"));
        assertThat(ArticleParser.read(new CorpusFile(root, f.file(), "zero.md")).bytes().readError()).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Corpus.read(root, f.file(), CorpusSettings.defaults()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aFileOverMaxFileSizeIsAProblemAndNotRead(@TempDir Path root) throws IOException {
        Path big = root.resolve("big.md");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(200L << 20); // sparse: 200 MB that take no disk
        }
        CorpusFile c = Corpus.files(root).findFirst().orElseThrow();
        assertThat(c.problem()).hasValueSatisfying(why -> assertThat(why).contains("200 MiB", "max_file_size"));
        assertThat(ArticleParser.read(c).bytes().readError()).isPresent();
        CorpusSettings small = CorpusSettings.defaults().withMaxFileSize(10);
        Files.writeString(root.resolve("eleven.md"), "12345678901");
        assertThat(Corpus.files(root, small).filter(x -> x.path().equals("eleven.md")).findFirst().orElseThrow().problem())
                .isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Corpus.read(root, root.resolve("eleven.md"), small))
                .isInstanceOf(IOException.class).hasMessageContaining("max_file_size");
    }

    @Test
    void aDanglingLinkIsAnUnreadableFileNotSkipped(@TempDir Path root) throws IOException {
        Files.createSymbolicLink(root.resolve("gone.md"), root.resolve("nowhere.md"));
        CorpusFile f = Corpus.files(root).findFirst().orElseThrow();
        assertThat(f.path()).isEqualTo("gone.md");
        assertThat(ArticleParser.read(f).bytes().readError()).hasValueSatisfying(why ->
                assertThat(why).contains("symbolic link", "nowhere.md", "does not exist"));
    }

    @Test
    void aLinkLoopIsReportedOnceAndTheWalkEnds(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/x.md"), "x");
        Files.createSymbolicLink(root.resolve("a/back"), root);
        assertThat(Corpus.files(root).toList()).extracting(CorpusFile::path).containsExactly("a/back", "a/x.md");
        CorpusFile loop = Corpus.files(root).filter(c -> c.path().equals("a/back")).findFirst().orElseThrow();
        assertThat(ArticleParser.read(loop).bytes().readError()).hasValueSatisfying(why -> assertThat(why).contains("loop"));
    }
}
