package org.newskeeper.rules;

/** A rule's id, default severity and description. */
abstract class BaseRule implements Rule {
    private final String id;
    private final Severity severity;
    private final String description;

    BaseRule(String id, Severity severity, String description) {
        this.id = id;
        this.severity = severity;
        this.description = description;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Severity defaultSeverity() {
        return severity;
    }

    @Override
    public final String description() {
        return description;
    }
}
