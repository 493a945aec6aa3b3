package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

class NightlyOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aKeepRunsBelowOneIsRefusedNamingTheFileAndTheTable() throws Exception {
        Path toml = Files.writeString(dir.resolve("night.toml"), "[nightly]\nkeep_runs = 0\n");
        Config config = Config.read(toml);
        assertThatThrownBy(() -> NightlyOptions.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(toml.toString())
                .hasMessageContaining("[nightly] keep_runs")
                .hasMessageContaining("got 0");
    }

    @Test
    void theNightlyTableIsReadTyped() throws Exception {
        Path toml = Files.writeString(dir.resolve("night.toml"),
                "[nightly]\nchecks = \"c\"\nout = \"w\"\ncapture = false\nkeep_runs = 7\n");
        NightlyOptions.Table t = NightlyOptions.from(Config.read(toml));
        assertThat(t.checks()).contains(Path.of("c"));
        assertThat(t.out()).contains(Path.of("w"));
        assertThat(t.capture()).contains(false);
        assertThat(t.keepRuns()).contains(7);
        assertThat(NightlyOptions.from(Config.empty()).keepRuns()).isEmpty();
    }

    @Test
    void auditEveryIsReadAsADurationAndAPeriodUnderASecondIsRefusedNamingTheKey() throws Exception {
        Path toml = Files.writeString(dir.resolve("audit.toml"), "[nightly]\naudit_every = \"14d\"\n");
        assertThat(NightlyOptions.from(Config.read(toml)).auditEvery()).contains(java.time.Duration.ofDays(14));
        assertThat(NightlyOptions.from(Config.empty()).auditEvery()).isEmpty();

        for (String bad : List.of("\"0\"", "\"soon\"", "30")) {
            Path b = Files.writeString(dir.resolve("bad.toml"), "[nightly]\naudit_every = " + bad + "\n");
            assertThatThrownBy(() -> NightlyOptions.from(Config.read(b))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(b.toString()).hasMessageContaining("[nightly] audit_every");
        }
    }
}
