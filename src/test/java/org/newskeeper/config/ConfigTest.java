package org.newskeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String text) throws IOException {
        return write("newskeeper.toml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void typedSettingsAreReadFromTheirTable() throws Exception {
        Config c = Config.read(write("[links]\nallow_private = true\nper_host = 2\nproxy = \"http://p:3128\"\n"
                + "exclude = [\"a\", \"b\"]\n"));
        assertThat(c.bool("links", "allow_private")).contains(true);
        assertThat(c.integer("links", "per_host")).contains(2L);
        assertThat(c.string("links", "proxy")).contains("http://p:3128");
        assertThat(c.strings("links", "exclude")).contains(List.of("a", "b"));
        assertThat(c.bool("links", "absent")).isEmpty();
        assertThat(c.string("pack", "operator")).isEmpty();
    }

    @Test
    void aBooleanThatIsNotTrueOrFalseIsAnErrorNamingFileTableAndKey() throws Exception {
        Path f = write("[links]\nallow_private = 1\n");
        Config c = Config.read(f);
        assertThatThrownBy(() -> c.bool("links", "allow_private"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("[links] allow_private: expected true or false, got 1");
    }

    @Test
    void wrongTypesAreErrors() throws Exception {
        Config c = Config.read(write("[pack]\noperator = [\"x\"]\ncollection = 5\n"));
        assertThatThrownBy(() -> c.string("pack", "operator")).hasMessageContaining("expected a string");
        assertThatThrownBy(() -> c.integer("pack", "operator")).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> c.strings("pack", "collection")).hasMessageContaining("expected a list of strings");
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheKnownOnes() throws Exception {
        Config c = Config.read(write("[links]\nper_hots = 2\n"));
        assertThatThrownBy(() -> c.requireKnownKeys("links", Set.of("per_host", "exclude")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key per_hots")
                .hasMessageContaining("known: exclude, per_host");
    }

    @Test
    void anUnknownTableIsRefused() throws Exception {
        Path f = write("[nosuchtable]\nx = 1\n");
        assertThatThrownBy(() -> Config.read(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown table or key 'nosuchtable'");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        byte[] text = "\uFEFF[pack]\ncollection = \"news\"\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Config.read(write("bom.toml", text)).string("pack", "collection")).contains("news");
    }

    @Test
    void invalidUtf8IsReportedWithLineAndByteOffset() throws Exception {
        byte[] text = "[pack]\ncollection = \"n\u00e9\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[text.length - 1];
        int j = 0;
        for (int i = 0; i < text.length; i++) {
            if (i != 23) { // drop the second byte of 'é', leaving a lone lead byte
                broken[j++] = text[i];
            }
        }
        Path f = write("bad.toml", broken);
        assertThatThrownBy(() -> Config.read(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2: not UTF-8 (byte offset 22)");
    }

    @Test
    void aMissingExplicitFileIsAnErrorAndNoFileMeansDefaults() throws Exception {
        assertThatThrownBy(() -> Config.load(Optional.of(dir.resolve("none.toml"))))
                .hasMessageContaining("no such configuration file");
        assertThat(Config.empty().file()).isEmpty();
    }
}
