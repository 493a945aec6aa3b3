package org.newskeeper.rules;

import java.util.Map;
import java.util.Set;
import org.newskeeper.config.Config;

/** Severities and disabled rules, from the {@code [rules]} table of newskeeper.toml. */
public record RuleSettings(Map<String, Severity> severities, Set<String> disabled) {
    public static RuleSettings defaults() {
        return new RuleSettings(Map.of(), Set.of());
    }

    public static RuleSettings from(Config config) {
        return defaults();
    }
}
