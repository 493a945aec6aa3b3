package org.newskeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.newskeeper.config.Config;

/**
 * Severities and disabled rules, from the {@code [rules]} table of newskeeper.toml:
 * <pre>
 * [rules]
 * disabled = ["image-missing"]          # rules not run
 * slug-title-mismatch = "error"         # a rule's severity: "error", "warning" or "off"
 *
 * [rules.severity]                      # the same, as a table
 * html-malformed = "error"
 * </pre>
 * An unknown rule id or severity is an {@link IllegalArgumentException} naming the file and table.
 */
public record RuleSettings(Map<String, Severity> severities, Set<String> disabled) {
    public RuleSettings {
        severities = Map.copyOf(severities);
        disabled = Set.copyOf(disabled);
    }

    public static RuleSettings defaults() {
        return new RuleSettings(Map.of(), Set.of());
    }

    /** Reads the {@code [rules]} table; throws IllegalArgumentException on an unknown id or value. */
    public static RuleSettings from(Config config) {
        JsonNode rules = config.section("rules");
        if (rules.isMissingNode() || rules.isNull()) {
            return defaults();
        }
        String where = config.describe("rules");
        if (!rules.isObject()) {
            throw new IllegalArgumentException(where + ": must be a table");
        }
        List<String> ids = Rules.ids();
        Map<String, Severity> severities = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("disabled")) {
                if (!value.isArray()) {
                    throw new IllegalArgumentException(where + ": 'disabled' must be a list of rule ids");
                }
                for (JsonNode id : value) {
                    disabled.add(known(ids, id.asText(), where));
                }
            } else if (key.equals("severity") && value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> s = value.fields(); s.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = s.next();
                    apply(known(ids, r.getKey(), where), r.getValue(), where, severities, disabled);
                }
            } else {
                apply(known(ids, key, where), value, where, severities, disabled);
            }
        }
        return new RuleSettings(severities, disabled);
    }

    private static String known(List<String> ids, String id, String where) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException(where + ": unknown rule '" + id + "' (rules: " + String.join(", ", ids) + ")");
        }
        return id;
    }

    private static void apply(String id, JsonNode value, String where, Map<String, Severity> severities, Set<String> disabled) {
        String v = value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : value.isBoolean() ? (value.asBoolean() ? "on" : "off") : "";
        switch (v) {
            case "error" -> severities.put(id, Severity.ERROR);
            case "warning" -> severities.put(id, Severity.WARNING);
            case "off", "disabled" -> disabled.add(id);
            case "on" -> {
                // default severity
            }
            default -> throw new IllegalArgumentException(where + ": rule '" + id + "' has severity " + value
                    + "; expected \"error\", \"warning\" or \"off\"");
        }
    }

    /** Whether the rule runs. */
    public boolean enabled(String id) {
        return !disabled.contains(id);
    }

    /** The severity of a rule's findings. */
    public Severity severity(Rule rule) {
        return severities.getOrDefault(rule.id(), rule.defaultSeverity());
    }
}
