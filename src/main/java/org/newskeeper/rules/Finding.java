package org.newskeeper.rules;

import java.util.Objects;

/**
 * A defect found in one article file.
 *
 * @param rule     the stable id of the rule that found it, such as {@code timestamp-missing}
 * @param severity error or warning
 * @param path     the file, relative to the corpus root given
 * @param line     1-based line, 0 when the finding is about the whole file
 * @param message  what is wrong, for a person
 */
public record Finding(String rule, Severity severity, String path, int line, String message) {
    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
