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
import org.newskeeper.config.ConfigException;

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
 * An unknown key, rule id or severity, or a value of the wrong type, is an error naming the file, table and key.
 */
public record RuleSettings(Map<String, Severity> severities, Set<String> disabled) {
    public RuleSettings {
        severities = Map.copyOf(severities);
        disabled = Set.copyOf(disabled);
    }

    public static RuleSettings defaults() {
        return new RuleSettings(Map.of(), Set.of());
    }

    /**
     * Reads the {@code [rules]} table; throws IllegalArgumentException with the message of
     * {@link #read(Config)} on an unknown key, rule id or value, or a value of the wrong type.
     */
    public static RuleSettings from(Config config) {
        try {
            return read(config);
        } catch (ConfigException e) {
            throw new org.newskeeper.config.InvalidOptionException(e.getMessage(), e);
        }
    }

    /**
     * Reads the {@code [rules]} table. Keys are {@code disabled} (a list of rule ids),
     * {@code severity} (a table of rule id = severity) and rule ids (= severity); a severity is
     * {@code "error"}, {@code "warning"}, {@code "off"} (also {@code "on"}: the rule's own
     * severity, and {@code true}/{@code false} for on/off). Anything else is a ConfigException
     * naming the file, the table and the key.
     */
    public static RuleSettings read(Config config) throws ConfigException {
        JsonNode rules = config.section("rules");
        if (rules.isMissingNode() || rules.isNull()) {
            return defaults();
        }
        String where = config.describe("rules");
        if (!rules.isObject()) {
            throw new ConfigException(where + ": must be a table");
        }
        List<String> ids = Rules.ids();
        Map<String, Severity> severities = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        for (String id : config.strings("rules", "disabled").orElse(List.of())) {
            disabled.add(known(ids, id, where + " disabled"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("disabled")) {
                continue;
            }
            if (key.equals("severity")) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException(where + " severity: expected a table of rule id = \"error\", \"warning\" or \"off\", got "
                            + e.getValue());
                }
                String inner = config.describe("rules.severity");
                for (Iterator<Map.Entry<String, JsonNode>> s = e.getValue().fields(); s.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = s.next();
                    apply(known(ids, r.getKey(), inner), r.getValue(), inner, severities, disabled);
                }
            } else {
                apply(known(ids, key, where), e.getValue(), where, severities, disabled);
            }
        }
        return new RuleSettings(severities, disabled);
    }

    private static String known(List<String> ids, String id, String where) throws ConfigException {
        if (!ids.contains(id)) {
            throw new ConfigException(where + ": unknown rule '" + id + "' (keys: disabled, severity and the rule ids: "
                    + String.join(", ", ids) + ")");
        }
        return id;
    }

    private static void apply(String id, JsonNode value, String where, Map<String, Severity> severities, Set<String> disabled)
            throws ConfigException {
        String v = value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : value.isBoolean() ? (value.asBoolean() ? "on" : "off") : "";
        switch (v) {
            case "error" -> severities.put(id, Severity.ERROR);
            case "warning" -> severities.put(id, Severity.WARNING);
            case "off", "disabled" -> disabled.add(id);
            case "on" -> {
                // default severity
            }
            default -> throw new ConfigException(where + " " + id + ": expected \"error\", \"warning\" or \"off\", got " + value);
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
