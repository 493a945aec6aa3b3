package org.newskeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

class RuleSettingsTest {
    @TempDir
    Path dir;

    private RuleSettings settings(String toml) throws IOException, ConfigException {
        return RuleSettings.from(Config.read(Files.writeString(dir.resolve("newskeeper.toml"), toml)));
    }

    @Test
    void rulesTableSetsSeveritiesAndDisablesRules() throws Exception {
        RuleSettings s = settings("""
                [rules]
                disabled = ["image-missing"]
                slug-title-mismatch = "error"
                url-invalid = "off"

                [rules.severity]
                html-malformed = "error"
                """);
        assertThat(s.disabled()).containsExactlyInAnyOrder("image-missing", "url-invalid");
        assertThat(s.severities()).containsEntry("slug-title-mismatch", Severity.ERROR).containsEntry("html-malformed", Severity.ERROR);
        assertThat(s.enabled("image-missing")).isFalse();
        assertThat(s.enabled("body-empty")).isTrue();
    }

    @Test
    void noRulesTableMeansDefaults() throws Exception {
        assertThat(settings("[links]\ntimeout = 3\n")).isEqualTo(RuleSettings.defaults());
        assertThat(RuleSettings.from(Config.empty())).isEqualTo(RuleSettings.defaults());
    }

    @Test
    void unknownRuleIsRejectedNamingFileAndTable() {
        assertThatThrownBy(() -> settings("[rules]\nno-such-rule = \"error\"\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newskeeper.toml [rules]")
                .hasMessageContaining("unknown rule 'no-such-rule'");
    }

    @Test
    void unknownSeverityIsRejected() {
        assertThatThrownBy(() -> settings("[rules]\nbody-empty = \"fatal\"\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("body-empty")
                .hasMessageContaining("\"error\", \"warning\" or \"off\"");
    }

    @Test
    void valuesOfTheWrongTypeAreConfigErrorsNamingFileTableAndKey() {
        assertThatThrownBy(() -> RuleSettings.read(config("[rules]\ndisabled = \"x\"\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("newskeeper.toml [rules] disabled: expected a list of strings");
        assertThatThrownBy(() -> RuleSettings.read(config("[rules]\ndisabled = [1]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rules] disabled: expected a list of strings");
        assertThatThrownBy(() -> RuleSettings.read(config("[rules]\nseverity = \"error\"\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rules] severity: expected a table");
        assertThatThrownBy(() -> RuleSettings.read(config("[rules]\nbody-empty = 3\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rules] body-empty: expected");
        assertThatThrownBy(() -> RuleSettings.read(config("[rules.severity]\nbody-empty = [\"error\"]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rules.severity] body-empty: expected");
        assertThatThrownBy(() -> RuleSettings.read(config("[rules]\ndisabled = [\"no-such-rule\"]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rules] disabled: unknown rule 'no-such-rule'");
    }

    private Config config(String toml) throws IOException, ConfigException {
        return Config.read(Files.writeString(dir.resolve("newskeeper.toml"), toml));
    }
}
