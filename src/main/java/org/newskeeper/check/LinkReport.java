package org.newskeeper.check;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.UrlKey;

/**
 * The result of a run: one outcome per distinct URL, in order of first citation, and a lookup by
 * URL as the articles cite it.
 */
public final class LinkReport {
    private final long runId;
    private final Instant started;
    private final Instant finished;
    private final List<LinkOutcome> links;
    private final int requested;
    private final boolean resumed;
    private final Optional<String> unavailable;
    private final List<HostEvent> hostEvents;
    private final Deferred deferred;
    private final int headOnly;
    private volatile Map<String, LinkOutcome> byUrl;

    public LinkReport(long runId, Instant started, Instant finished, List<LinkOutcome> links, int requested) {
        this(runId, started, finished, links, requested, false);
    }

    /** A report of a run that, with {@code resumed}, took up an interrupted run of the same id. */
    public LinkReport(long runId, Instant started, Instant finished, List<LinkOutcome> links, int requested,
            boolean resumed) {
        this(runId, started, finished, links, requested, resumed, Deferred.NONE);
    }

    /** A report of a run whose budget left {@code deferred} due URLs to later nights. */
    public LinkReport(long runId, Instant started, Instant finished, List<LinkOutcome> links, int requested,
            boolean resumed, Deferred deferred) {
        this(runId, started, finished, links, requested, resumed, deferred, Optional.empty(), List.of());
    }

    /**
     * A report that may also say the network was down ({@code unavailable}: why; its connection-level
     * failures were recorded without counting) and which hosts were found down.
     */
    public LinkReport(long runId, Instant started, Instant finished, List<LinkOutcome> links, int requested,
            boolean resumed, Deferred deferred, Optional<String> unavailable, List<HostEvent> hostEvents) {
        this(runId, started, finished, links, requested, resumed, deferred, unavailable, hostEvents, 0);
    }

    /** A report that also says how many "not found" verdicts a HEAD alone gave ({@link #headOnly()}). */
    public LinkReport(long runId, Instant started, Instant finished, List<LinkOutcome> links, int requested,
            boolean resumed, Deferred deferred, Optional<String> unavailable, List<HostEvent> hostEvents,
            int headOnly) {
        this.headOnly = headOnly;
        this.deferred = java.util.Objects.requireNonNull(deferred, "deferred");
        this.unavailable = unavailable;
        this.hostEvents = List.copyOf(hostEvents);
        this.resumed = resumed;
        this.runId = runId;
        this.started = started;
        this.finished = finished;
        this.links = List.copyOf(links);
        this.requested = requested;
    }

    /** The run's id in the history ({@code LinkHistory.changes(runId)}). */
    public long runId() {
        return runId;
    }

    public Instant started() {
        return started;
    }

    public Instant finished() {
        return finished;
    }

    /** One outcome per distinct URL, in order of first citation. */
    public List<LinkOutcome> links() {
        return links;
    }

    /**
     * Whether this run completed an interrupted (killed) run of the same id instead of starting a
     * new one; its outcomes observed before the interruption are {@link LinkOutcome#resumed()}.
     */
    public boolean resumed() {
        return resumed;
    }

    /**
     * Why the run took the network (not the links) to be down, beginning with
     * {@link LinkCheck#UNAVAILABLE}: every canary failed, or at least half of the distinct hosts
     * requested (at least five) could not be reached. Its connection-level failures were recorded
     * but neither count towards confirmation nor reset anything; the command exits 3. Empty when
     * the network was up.
     */
    public Optional<String> unavailable() {
        return unavailable;
    }

    /** The hosts found down in the run (connection failures in a row), whose remaining URLs were not requested. */
    public List<HostEvent> hostEvents() {
        return hostEvents;
    }

    /**
     * How many of the run's "not found" (404, 410) verdicts were a HEAD's alone: on a host whose
     * GETs had repeated its HEAD's "not found" three times, the HEAD is taken at its word. Each
     * such URL gets a GET on its next check (it failed before), so confirmation rests on GETs.
     */
    public int headOnly() {
        return headOnly;
    }

    /** "19,703 "not found" verdicts from a HEAD alone (...), each rechecked with a GET on its next check", or empty text. */
    public String describeHeadOnly() {
        return headOnly == 0 ? "" : String.format(java.util.Locale.ROOT,
                "%,d \"not found\" %s from a HEAD alone (on hosts whose GETs had repeated their HEAD's thrice), each"
                        + " rechecked with a GET on its next check", headOnly, headOnly == 1 ? "verdict" : "verdicts");
    }

    /**
     * How many distinct URLs a request was sent for by the run (with a resumed run: by all its
     * attempts); not those from the history, not {@code excluded}, {@code invalid},
     * {@code unsupported}, nor {@code private-address} refused before any connection (see
     * docs/links.md, "requested").
     */
    public int requested() {
        return requested;
    }

    /**
     * The due URLs the run's {@link Budget} left to later nights: never-observed URLs (not in
     * {@link #links()}: they have no verdict yet), failing ones and alive ones (their latest verdict is
     * reported, {@code from_history}). Next night takes them first.
     *
     * @param newUrls  never observed, not reported tonight
     * @param failing  whose latest verdict is not alive
     * @param alive    alive, due for their recheck
     */
    public record Deferred(int newUrls, int failing, int alive) {
        public static final Deferred NONE = new Deferred(0, 0, 0);

        public int total() {
            return newUrls + failing + alive;
        }

        /** "12,004 alive URLs deferred to later nights" (with the other kinds when present), or empty text. */
        public String describe() {
            List<String> parts = new java.util.ArrayList<>();
            if (newUrls > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "%,d new", newUrls));
            }
            if (failing > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "%,d failing", failing));
            }
            if (alive > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "%,d alive", alive));
            }
            return parts.isEmpty() ? "" : String.join(", ", parts) + " URLs deferred to later nights";
        }
    }

    /** What the budget deferred ({@link Deferred#NONE} without a budget). */
    public Deferred deferred() {
        return deferred;
    }

    /** The count of each status, every status present (zero when none). */
    public Map<LinkStatus, Integer> summary() {
        Map<LinkStatus, Integer> m = new EnumMap<>(LinkStatus.class);
        for (LinkStatus s : LinkStatus.values()) {
            m.put(s, 0);
        }
        for (LinkOutcome o : links) {
            m.merge(o.status(), 1, Integer::sum);
        }
        return m;
    }

    /**
     * The outcome for a URL as an article cites it: normalised first ({@link UrlKey#normalize}); a
     * share endpoint finds the outcome of the URL it shares. Empty when the run did not check it.
     */
    public Optional<LinkOutcome> find(String url) {
        if (byUrl == null) {
            Map<String, LinkOutcome> built = new HashMap<>();
            for (LinkOutcome o : links) {
                built.put(o.url(), o);
            }
            byUrl = built;
        }
        Map<String, LinkOutcome> index = byUrl;
        LinkOutcome direct = index.get(UrlKey.normalize(url));
        if (direct != null) {
            return Optional.of(direct);
        }
        return ShareTargets.isEndpoint(url) ? ShareTargets.unwrap(url).map(t -> index.get(UrlKey.normalize(t))) : Optional.empty();
    }

    /** The outcomes whose failure is confirmed. */
    public List<LinkOutcome> confirmed() {
        return links.stream().filter(LinkOutcome::confirmed).toList();
    }

    /** Whether anything is confirmed broken: the command's exit code 1. */
    public boolean hasConfirmed() {
        return links.stream().anyMatch(LinkOutcome::confirmed);
    }
}
