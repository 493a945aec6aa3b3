package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.cli.Main;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

class TimeGateOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsAskTheWaybackMachineOnceASecondWithinABudgetOf500() {
        TimeGateOptions d = TimeGateOptions.defaults();
        assertThat(d.timegates()).containsExactly("https://web.archive.org/web/");
        assertThat(d.enabled()).isTrue();
        assertThat(d.rate()).isEqualTo(1.0);
        assertThat(d.budget()).isEqualTo(500);
        assertThat(d.addressPolicy()).isEqualTo(AddressPolicy.PUBLIC_ONLY);
    }

    @Test
    void theArchivesTableSetsTimegatesRateBudgetAndEnabled() throws IOException, ConfigException {
        Path f = dir.resolve("newskeeper.toml");
        Files.writeString(f, "[archives]\ntimegates = [\"https://web.archive.org/web/\", \"https://arquivo.pt/wayback/\"]\n"
                + "enabled = false\nrate = 0.5\nbudget = 20\nall_failing = true\n");
        TimeGateOptions o = TimeGateOptions.read(Config.read(f));
        assertThat(o.timegates()).containsExactly("https://web.archive.org/web/", "https://arquivo.pt/wayback/");
        assertThat(o.enabled()).isFalse();
        assertThat(o.rate()).isEqualTo(0.5);
        assertThat(o.budget()).isEqualTo(20);
        assertThat(o.allFailing()).isTrue();
        assertThat(TimeGateOptions.archiveName(o.timegates().get(1))).isEqualTo("arquivo.pt");
    }

    @Test
    void aBadArchivesSettingIsAUsageErrorNamingTheKey() throws IOException {
        for (String bad : List.of("budget = -1", "rate = 0", "timegates = [\"not a url\"]", "timegate = []")) {
            Path f = dir.resolve("bad.toml");
            Files.writeString(f, "[archives]\n" + bad + "\n");
            assertThatThrownBy(() -> TimeGateOptions.read(Config.read(f))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("[archives]");
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "nightly", "examples/corpus",
                    "--checks", dir.resolve("checks").toString(), "--out", dir.resolve("out").toString(), "--config", f.toString());
            assertThat(code).as(bad).isEqualTo(Main.USAGE);
            assertThat(err.toString()).contains("[archives]");
        }
    }
}
