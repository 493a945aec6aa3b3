package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

class LinkCheckOptionsConfigTest {
    @TempDir
    Path dir;

    private Config config(String links) throws IOException, ConfigException {
        Path toml = dir.resolve("newskeeper.toml");
        Files.writeString(toml, "[links]\n" + links + "\n");
        return Config.read(toml);
    }

    private void refused(String links, String key) {
        assertThatThrownBy(() -> LinkCheckOptions.from(config(links)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("newskeeper.toml").hasMessageContaining("[links]").hasMessageContaining(key)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void allowPrivateAsTheNumberOneIsAnErrorNotAnOpenGuard() {
        refused("allow_private = 1", "allow_private");
    }

    @Test
    void booleanSettingsWrittenAsWordsAreErrorsNotIgnored() {
        refused("allow_private = \"yes\"", "allow_private");
        refused("soft_404_probe = \"no\"", "soft_404_probe");
        refused("soft_404_probe = 0", "soft_404_probe");
    }

    @Test
    void anUnknownKeyIsRefusedNamingIt() {
        refused("per_hots = 2", "per_hots");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "exclude = \"\\\\.pdf$\"|exclude",
            "exclude = [1, 2]|exclude",
            "exclude = [\"(unclosed\"]|exclude",
            "concurrency = \"many\"|concurrency",
            "concurrency = 2.5|concurrency",
            "concurrency = 0|concurrency",
            "concurrency = 99999999999|concurrency",
            "per_host = true|per_host",
            "per_host = 0|per_host",
            "per_host_interval = \"100ms\"|per_host_interval",
            "per_host_interval = -1|per_host_interval",
            "timeout = \"20s\"|timeout",
            "timeout = 0|timeout",
            "max_age = 7|max_age",
            "max_age = \"soon\"|max_age",
            "confirm_after = \"3\"|confirm_after",
            "confirm_after = 0|confirm_after",
            "retries = -1|retries",
            "retries = false|retries",
            "user_agent = 42|user_agent",
            "proxy = true|proxy",
            "proxy = \"socks://127.0.0.1:1080\"|proxy",
            "proxy = \"http://[bad\"|proxy",
            "resume_within = 12|resume_within",
            "resume_within = \"later\"|resume_within",
            "budget = true|budget",
            "budget = 0|budget",
            "budget = \"soon\"|budget",
            "budget = 2.5|budget",
    })
    void everyMalformedValueIsAnErrorNamingFileTableAndKey(String line, String key) {
        refused(line, key);
    }

    @Test
    void everyKnownKeyIsRead() throws Exception {
        LinkCheckOptions o = LinkCheckOptions.from(config(String.join("\n",
                "exclude = [\"\\\\.pdf$\"]", "concurrency = 8", "per_host = 3", "per_host_interval = 250",
                "timeout = 2.5", "max_age = \"12h\"", "confirm_after = 4", "retries = 1", "user_agent = \"ua/1\"",
                "proxy = \"http://127.0.0.1:3128\"", "allow_private = true", "soft_404_probe = false",
                "resume_within = \"0\"")));
        assertThat(o.exclude()).extracting(p -> p.pattern()).containsExactly("\\.pdf$");
        assertThat(o.concurrency()).isEqualTo(8);
        assertThat(o.perHost()).isEqualTo(3);
        assertThat(o.perHostInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.readTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.maxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(o.confirmAfter()).isEqualTo(4);
        assertThat(o.maxRetries()).isEqualTo(1);
        assertThat(o.userAgent()).isEqualTo("ua/1");
        assertThat(o.proxy()).isEqualTo(Optional.of(URI.create("http://127.0.0.1:3128")));
        assertThat(o.addressPolicy()).isEqualTo(AddressPolicy.ALLOW_PRIVATE);
        assertThat(o.softNotFoundProbe()).isFalse();
        assertThat(o.resume()).isEqualTo(Resume.NEVER);
    }

    @Test
    void theBudgetIsACountOfRequestsOrADuration() throws Exception {
        assertThat(LinkCheckOptions.from(config("budget = 50000")).budget()).isEqualTo(Budget.requests(50_000));
        assertThat(LinkCheckOptions.from(config("budget = \"2h\"")).budget()).isEqualTo(Budget.time(Duration.ofHours(2)));
        assertThat(LinkCheckOptions.from(config("concurrency = 2")).budget()).isEqualTo(Budget.NONE);
    }

    @Test
    void allowPrivateFalseKeepsTheGuardAndNoTableMeansDefaults() throws Exception {
        assertThat(LinkCheckOptions.from(config("allow_private = false")).addressPolicy()).isEqualTo(AddressPolicy.PUBLIC_ONLY);
        assertThat(LinkCheckOptions.from(Config.empty())).isEqualTo(LinkCheckOptions.defaults());
    }
}
