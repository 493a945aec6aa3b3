package org.newskeeper.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

class CorpusSettingsTest {
    @Test
    void defaultsTakeMarkdownFilesButNotTheRootsReadmeChangelogLicenseIndexOrDotFolders() {
        CorpusSettings s = CorpusSettings.defaults();
        assertThat(s.isArticle("a.md")).isTrue();
        assertThat(s.isArticle("bbc/2020/a.md")).isTrue();
        assertThat(s.isArticle("bbc/README.md")).isTrue();
        assertThat(s.isArticle("README.md")).isFalse();
        assertThat(s.isArticle("CHANGELOG.md")).isFalse();
        assertThat(s.isArticle("LICENSE.md")).isFalse();
        assertThat(s.isArticle("index.md")).isFalse();
        assertThat(s.isArticle("notes.txt")).isFalse();
        assertThat(s.isArticle(".git/x.md")).isFalse();
        assertThat(s.isArticle("bbc/.cache/x.md")).isFalse();
        assertThat(s.excludesFolder(".github")).isTrue();
        assertThat(s.excludesFolder("bbc")).isFalse();
        assertThat(s.maxFileSize()).isEqualTo(50L << 20);
    }

    @Test
    void globsHaveAlternativesClassesAndSingleCharacters() {
        CorpusSettings s = new CorpusSettings(List.of("{bbc,rfi}/**/*.md", "dw/?.md", "voa/[0-9]*.md"), List.of(), false, 1);
        assertThat(s.isArticle("bbc/x.md")).isTrue();
        assertThat(s.isArticle("rfi/a/b/x.md")).isTrue();
        assertThat(s.isArticle("cdt/x.md")).isFalse();
        assertThat(s.isArticle("dw/1.md")).isTrue();
        assertThat(s.isArticle("dw/12.md")).isFalse();
        assertThat(s.isArticle("voa/9.md")).isTrue();
        assertThat(s.isArticle("voa/x.md")).isFalse();
    }

    @Test
    void theCorpusTableIsReadWithSizesAndGlobs(@TempDir Path dir) throws IOException, ConfigException {
        Path toml = Files.writeString(dir.resolve("n.toml"), """
                [corpus]
                include = ["**/*.md", "**/*.markdown"]
                exclude = ["drafts/**"]
                follow_symlinks_outside = true
                max_file_size = "2M"
                """);
        CorpusSettings s = CorpusSettings.read(Config.read(toml));
        assertThat(s.include()).containsExactly("**/*.md", "**/*.markdown");
        assertThat(s.exclude()).containsExactly("drafts/**");
        assertThat(s.followSymlinksOutside()).isTrue();
        assertThat(s.maxFileSize()).isEqualTo(2L << 20);
        assertThat(s.isArticle("README.md")).isTrue();
        assertThat(s.isArticle("drafts/a.md")).isFalse();
    }

    @Test
    void aBadCorpusSettingIsOneLineNamingFileTableAndKey(@TempDir Path dir) throws IOException {
        Path unknown = Files.writeString(dir.resolve("u.toml"), "[corpus]\nfollow_symlinks = true\n");
        assertThatThrownBy(() -> CorpusSettings.read(Config.read(unknown))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("u.toml [corpus]").hasMessageContaining("follow_symlinks");
        Path size = Files.writeString(dir.resolve("s.toml"), "[corpus]\nmax_file_size = \"big\"\n");
        assertThatThrownBy(() -> CorpusSettings.read(Config.read(size))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("s.toml [corpus] max_file_size");
        Path glob = Files.writeString(dir.resolve("g.toml"), "[corpus]\nexclude = [\"{a,b\"]\n");
        assertThatThrownBy(() -> CorpusSettings.read(Config.read(glob))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("g.toml [corpus] exclude").hasMessageNotContaining("\n");
    }
}
