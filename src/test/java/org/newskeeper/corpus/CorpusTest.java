package org.newskeeper.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
