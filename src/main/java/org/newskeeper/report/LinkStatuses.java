package org.newskeeper.report;

import java.util.Set;

/** How the reports read the checker's closed set of statuses. */
public final class LinkStatuses {
    /** Alive. */
    public static final Set<String> ALIVE = Set.of("ok", "redirected");
    /** Not checked over HTTP: neither alive nor failing. */
    public static final Set<String> NOT_CHECKED = Set.of("unsupported", "excluded");

    private LinkStatuses() {
    }

    /** Whether a URL with this status belongs in the broken-and-suspect table (any status not alive and checked). */
    public static boolean isProblem(String status) {
        return !ALIVE.contains(status) && !NOT_CHECKED.contains(status);
    }
}
