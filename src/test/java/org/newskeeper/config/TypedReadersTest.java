package org.newskeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedReadersTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("newskeeper.toml"), text);
    }

    @Test
    void anIntegerTooLongForTheTomlReaderIsReportedWithItsRealValue() throws IOException {
        Path toml = write("[links]\nper_host = 2\nper_host_interval = 9223372036854775807\n");
        assertThatThrownBy(() -> Config.read(toml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(toml + ":3")
                .hasMessageContaining("[links] per_host_interval")
                .hasMessageContaining("got 9223372036854775807")
                .hasMessageNotContaining("got 6854775807");
    }

    @Test
    void durationsSecondsSizesRangesAndPathsAreReadTyped() throws Exception {
        Config c = Config.read(write("[pack]\nmax_age = \"7d\"\nnever = \"0\"\ntimeout = 2.5\nmax_size = \"1G\"\n"
                + "bytes = 4096\nn = 5\nout = \"warc\"\n"));
        assertThat(c.duration("pack", "max_age")).contains(Duration.ofDays(7));
        assertThat(c.duration("pack", "never")).contains(Duration.ZERO);
        assertThat(c.seconds("pack", "timeout", 60)).contains(Duration.ofMillis(2500));
        assertThat(c.size("pack", "max_size")).contains(1L << 30);
        assertThat(c.size("pack", "bytes")).contains(4096L);
        assertThat(c.integer("pack", "n", 1, 10)).contains(5L);
        assertThat(c.path("pack", "out")).contains(Path.of("warc"));
        assertThat(c.duration("pack", "absent")).isEmpty();
    }

    @Test
    void everyBadValueIsOneConfigExceptionNamingFileTableAndKey() throws Exception {
        Config c = Config.read(write("[pack]\nd = \"soon\"\ns = 0\nz = \"big\"\nn = 11\np = \" \"\n"));
        for (ThrowingRead read : new ThrowingRead[] {
            () -> c.duration("pack", "d"), () -> c.seconds("pack", "s", 60), () -> c.size("pack", "z"),
            () -> c.integer("pack", "n", 1, 10), () -> c.path("pack", "p")}) {
            assertThatThrownBy(read::run).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(dir.resolve("newskeeper.toml") + " [pack] ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> c.integer("pack", "n", 1, 10)).hasMessageContaining("from 1 to 10, got 11");
    }

    private interface ThrowingRead {
        Object run() throws ConfigException;
    }
}
