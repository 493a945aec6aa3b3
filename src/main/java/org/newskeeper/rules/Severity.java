package org.newskeeper.rules;

/** How bad a finding is. */
public enum Severity {
    ERROR, WARNING;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
