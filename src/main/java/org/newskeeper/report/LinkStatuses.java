package org.newskeeper.report;

import java.util.Set;
import org.newskeeper.linkstate.LinkStatus;

/** How the reports read the checker's closed set of statuses ({@link LinkStatus#kind()}). */
public final class LinkStatuses {
    /** Alive. */
    public static final Set<String> ALIVE = Set.of("ok", "redirected");
    /**
     * Not requested over HTTP: neither alive nor failing ({@link LinkStatus.Kind#NOT_CHECKED}: {@code invalid},
     * {@code unsupported}, {@code excluded}, {@code private-address}). An {@code invalid} URL is a defect of the
     * article, reported by the {@code url-invalid} rule among the findings, not a link that died.
     */
    public static final Set<String> NOT_CHECKED = Set.of("invalid", "unsupported", "excluded", "private-address");

    private LinkStatuses() {
    }

    /**
     * Whether a URL with this status belongs in the broken-and-suspect table: a failure
     * ({@link LinkStatus.Kind#FAILURE}) or an inconclusive answer ({@code blocked}, never confirmed).
     */
    public static boolean isProblem(String status) {
        return LinkStatus.fromId(status)
                .map(s -> s.kind() == LinkStatus.Kind.FAILURE || s.kind() == LinkStatus.Kind.INCONCLUSIVE)
                .orElse(false);
    }
}
