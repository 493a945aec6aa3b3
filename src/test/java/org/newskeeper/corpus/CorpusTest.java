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
    void symlinkedFilesAndFoldersAreFollowed(@TempDir Path tmp) throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.md"), "x");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("a.md"), "x");
        Files.createSymbolicLink(root.resolve("b.md"), elsewhere.resolve("linked.md"));
        Files.createSymbolicLink(root.resolve("sub"), elsewhere);
        assertThat(Corpus.files(root).toList()).extracting(CorpusFile::path, CorpusFile::problem)
                .containsExactly(tuple("a.md", Optional.empty()), tuple("b.md", Optional.empty()),
                        tuple("sub/linked.md", Optional.empty()));
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
