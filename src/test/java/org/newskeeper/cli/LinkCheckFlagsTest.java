package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

/** The flags the nightly job and the demo share: the {@code [links]} table is checked there too. */
class LinkCheckFlagsTest {
    @TempDir
    Path dir;

    private Config config(String links) throws IOException, ConfigException {
        Path toml = dir.resolve("night.toml");
        Files.writeString(toml, "[links]\n" + links + "\n");
        return Config.read(toml);
    }

    @Test
    void aMistypedAllowPrivateIsAUsageErrorForTheNightlyStageToo() throws Exception {
        Config c = config("allow_private = 1");
        assertThatThrownBy(() -> new LinkCheckFlags().options(c, HostMap.NONE, false))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("night.toml").hasMessageContaining("allow_private");
    }

    @Test
    void anUnknownKeyIsAUsageErrorForTheNightlyStageToo() throws Exception {
        Config c = config("per_hots = 2");
        assertThatThrownBy(() -> new LinkCheckFlags().options(c, HostMap.NONE, false))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("night.toml").hasMessageContaining("per_hots");
    }

    @Test
    void aWellTypedTableStillKeepsTheGuardUnlessAllowed() throws Exception {
        assertThat(new LinkCheckFlags().options(config("allow_private = false\nper_host = 3"), HostMap.NONE, false)
                .addressPolicy()).isEqualTo(AddressPolicy.PUBLIC_ONLY);
        assertThat(new LinkCheckFlags().options(config("allow_private = false"), HostMap.NONE, true)
                .addressPolicy()).isEqualTo(AddressPolicy.ALLOW_PRIVATE);
    }

    @Test
    void theBudgetFlagOverridesTheTableAndAMalformedOneIsAUsageError() throws Exception {
        LinkCheckFlags flags = new LinkCheckFlags();
        flags.budget = "90m";
        assertThat(flags.options(config("budget = 500"), HostMap.NONE, false).budget())
                .isEqualTo(org.newskeeper.check.Budget.time(java.time.Duration.ofMinutes(90)));
        assertThat(new LinkCheckFlags().options(config("budget = 500"), HostMap.NONE, false).budget())
                .isEqualTo(org.newskeeper.check.Budget.requests(500));
        flags.budget = "soon";
        assertThatThrownBy(() -> flags.options(config("concurrency = 2"), HostMap.NONE, false))
                .isInstanceOf(UsageException.class).hasMessageContaining("--budget").hasMessageContaining("soon");
    }
}
