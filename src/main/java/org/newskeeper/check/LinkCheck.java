package org.newskeeper.check;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import org.newskeeper.corpus.Article;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.history.LinkRun;
import org.newskeeper.history.LinkState;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.UrlKey;

/**
 * The library entry of link checking: takes the articles (or their cited URLs), checks each
 * distinct URL once (the normalised key), consults and feeds the history, and returns one
 * {@link LinkOutcome} per URL with every citing article. The CLI and the nightly job both call it.
 *
 * <pre>
 * try (Database db = Database.open(Database.DEFAULT)) {
 *     LinkReport report = new LinkCheck(db).run(articles, LinkCheckOptions.defaults());
 * }
 * </pre>
 */
public final class LinkCheck {
    /** Hears about the progress of a run; called on the calling thread. */
    public interface Listener {
        /**
         * The run knows its distinct URLs and how many of them it will try to request (at most:
         * one may yet turn out to resolve to a private address and not be requested).
         */
        default void started(int urls, int toRequest) {
        }

        /** One URL has its verdict. */
        default void checked(LinkOutcome outcome) {
        }
    }

    /**
     * One URL to check and the citation it comes from: the input of {@link #check}.
     *
     * @param url      the URL to check (for a share link: the URL it shares)
     * @param citation the article citing it, where and how
     */
    public record Request(String url, Citation citation) {
        public Request {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(citation, "citation");
        }
    }

    /** A listener that hears nothing. */
    public static final Listener QUIET = new Listener() {
    };

    private static final int BATCH = 256;
    private static final long BATCH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How often the thread recording the answers looks for new ones. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Database db;
    /** The link runs this checker is running now: never taken up as interrupted. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    /** A link checker over the history in {@code db}; one per database and process, used for every run. */
    public LinkCheck(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Checks every link of {@code articles}. */
    public LinkReport run(Stream<Article> articles, LinkCheckOptions options) throws IOException {
        return run(articles, options, QUIET);
    }

    /** Checks every link of {@code articles}, telling {@code listener} as it goes. */
    public LinkReport run(Stream<Article> articles, LinkCheckOptions options, Listener listener) throws IOException {
        return check(sink -> articles.forEach(a -> requests(a).forEach(sink)), options, listener, Dns.SYSTEM);
    }

    /**
     * The URLs one article cites, each with its citation. A share link is cited through the URL it
     * shares (its {@link Link#target()}, or what its parameters carry), with the endpoint as {@code via} and the
     * article's source as {@code expected}; a share endpoint that shares nothing is cited as is (and
     * will be {@code invalid} or {@code unsupported}, never requested).
     */
    public static List<Request> requests(Article article) {
        List<Request> list = new ArrayList<>(article.links().size());
        for (Link l : article.links()) {
            if (l.role() == Role.SHARE || ShareTargets.isEndpoint(l.url())) {
                Optional<String> target = l.target().or(() -> ShareTargets.unwrap(l.url()));
                if (target.isPresent()) {
                    list.add(new Request(target.get(), new Citation(article.path(), l.role(), l.line(),
                            Optional.of(l.url()), article.source())));
                    continue;
                }
            }
            list.add(new Request(l.url(), Citation.of(article.path(), l.role(), l.line())));
        }
        return list;
    }

    /** Checks each distinct URL of {@code requests} once. */
    public LinkReport check(Iterable<Request> requests, LinkCheckOptions options, Listener listener)
            throws IOException {
        return check(requests, options, listener, Dns.SYSTEM);
    }

    /**
     * A distinct URL and its citations, kept compact: a night groups every citation of the corpus
     * (470,000 at 64,000 articles) before it knows which few URLs are due. The key is the only
     * text of the URL kept (a citation written otherwise keeps its own text too, for the exclusion
     * patterns and the typo check); the parsed URL is made only when it is requested.
     */
    private static final class Group {
        final int index;
        final String key;
        final UrlKey.Kind kind;
        /** The parsed URL when its key was not its own text (parsed anyway), else made when requested. */
        final HttpUrl parsedUrl;
        /**
         * What to parse when it is requested and {@link #parsedUrl} is null: the URL as its first
         * citation wrote it when that is not the key (whose escapes may be in another case), else null (the key).
         */
        final String parseFrom;
        final String error;
        /** Whether some citation wrote the URL as its key. */
        boolean citedAsKey;
        /** The other ways citations wrote it, in order of first citation; usually none. */
        List<String> spellings = List.of();
        /** One {@link Citation}, or a list of them when more. */
        Object citations;
        Optional<LinkStatus> preset = Optional.empty();
        String presetError = "";
        static final byte NONE = 0;
        static final byte HTTP = 1;
        static final byte KEPT = 2;
        /** Whether its state is looked up: {@link #HTTP} (to request or not), {@link #KEPT} (observed by the resumed run), or not. */
        byte lookup = NONE;
        /** Whether its verdict is taken from the history tonight (not due). */
        boolean fresh;
        /** Whether its last observation was a failure: its recheck confirms a HEAD "not found" with a GET. */
        boolean failedBefore;
        /** Whether it was handed to the workers (while the articles were still read, or after the plan). */
        boolean submitted;
        /** Whether the plan requests it tonight: a URL requested while reading and not planned after all has its answer dropped. */
        boolean planned;

        Group(int index, String key, UrlKey.Kind kind, HttpUrl parsedUrl, String parseFrom, String error) {
            this.index = index;
            this.key = key;
            this.kind = kind;
            this.parsedUrl = parsedUrl;
            this.parseFrom = parseFrom;
            this.error = error;
        }

        String key() {
            return key;
        }

        HttpUrl url() {
            return parsedUrl != null ? parsedUrl : HttpUrl.get(parseFrom != null ? parseFrom : key);
        }

        /**
         * The host the URL is requested from, without parsing it when the key has the plain shape
         * ({@link UrlKey#canonical}: {@code scheme://host[:port]/...}, the host in lower case): the
         * scheduler takes every URL to request by its host before the first request (10,200 parses,
         * about 0.09 s of a cold 10,000-link run's start).
         */
        String host() {
            return parsedUrl != null ? parsedUrl.host() : UrlKey.hostOfCanonical(key);
        }

        void add(String raw, Citation c) {
            if (raw.equals(key)) {
                citedAsKey = true;
            } else if (!spellings.contains(raw)) {
                if (spellings.isEmpty()) {
                    spellings = new ArrayList<>(1);
                }
                spellings.add(raw);
            }
            if (citations == null) {
                citations = c;
            } else if (citations instanceof Citation first) {
                List<Citation> list = new ArrayList<>(2);
                list.add(first);
                list.add(c);
                citations = list;
            } else {
                @SuppressWarnings("unchecked")
                List<Citation> list = (List<Citation>) citations;
                list.add(c);
            }
        }

        /** The URL as its citations wrote it, each spelling once. */
        List<String> spellings() {
            if (!citedAsKey) {
                return spellings;
            }
            if (spellings.isEmpty()) {
                return List.of(key);
            }
            List<String> all = new ArrayList<>(spellings.size() + 1);
            all.add(key);
            all.addAll(spellings);
            return all;
        }

        @SuppressWarnings("unchecked")
        List<Citation> citationList() {
            return citations instanceof Citation c ? List.of(c) : (List<Citation>) citations;
        }
    }

    /**
     * Groups requests by key as they come, so that neither the articles nor the requests are kept;
     * with {@code early}, offers each new URL to be requested while the reading goes on.
     */
    private static final class Grouping {
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Requests early;
        /** The group the last {@link #add} made, if it made one. */
        private Group created;

        Grouping(Requests early) {
            this.early = early;
        }

        void add(Request r) {
            String raw = r.url();
            String key = UrlKey.canonical(raw);
            Group g;
            if (key != null) {
                // one look-up in a map of 207,000 URLs at 64,000 articles, not a get and a put
                g = groups.computeIfAbsent(key, k -> {
                    // the URL is requested as written: parsed from its own text when that is not the key
                    created = new Group(groups.size(), k, UrlKey.Kind.HTTP, null, raw.equals(k) ? null : raw, null);
                    return created;
                });
                if (created != null) {
                    created = null;
                    g.add(raw, r.citation());
                    if (early != null) {
                        early.offer(g);
                    }
                    return;
                }
            } else {
                UrlKey.Parsed p = UrlKey.parse(raw);
                g = groups.computeIfAbsent(p.key(), k -> new Group(groups.size(), k, p.kind(), p.url().orElse(null),
                        null, p.error().orElse(null)));
            }
            g.add(raw, r.citation());
        }
    }

    private record Done(Group group, CheckResult result, Instant at, Throwable failure, boolean notRequested) {
        Done(Group group, CheckResult result, Instant at, Throwable failure) {
            this(group, result, at, failure, false);
        }
    }

    /**
     * What the network phase of a run found about the network itself.
     *
     * @param unavailable  why the network is taken to be down (its connection-level failures were
     *                     recorded without counting), empty when it was up
     * @param hosts        the hosts found down, whose remaining URLs were not requested
     * @param notRequested the URLs that took their host's verdict without a request
     */
    private record Network(Optional<String> unavailable, List<HostEvent> hosts, Set<String> notRequested, int headOnly) {
        static final Network UNTRIED = new Network(Optional.empty(), List.of(), Set.of(), 0);
    }

    /** The beginning of the message of a run that found the network down: the reports quote it. */
    public static final String UNAVAILABLE = org.newskeeper.history.RunStage.NETWORK_UNAVAILABLE;

    /**
     * The fewest distinct hosts requested for their share to tell an outage: with fewer, a run
     * finds the network down only by its canaries.
     */
    static final int OUTAGE_MIN_HOSTS = 5;

    /** The most URLs the history may know for a run to request new URLs while it reads the articles. */
    static final int EARLY_HISTORY = 20_000;

    LinkReport check(Iterable<Request> requests, LinkCheckOptions options, Listener listener, Dns resolver)
            throws IOException {
        return check(requests::forEach, options, listener, resolver);
    }

    /**
     * Reads the cited URLs from {@code source} and checks them. A URL never observed before is
     * requested while the reading goes on (the first request goes out after the first articles,
     * not after the last), when nothing else can decide about it: no budget (whose priorities
     * need every URL first), no exclusion pattern (which another spelling of the URL, cited later,
     * might match) and no interrupted run to resume (which needs every URL to know it is the same
     * run), and a history of at most {@value #EARLY_HISTORY} URLs: each new URL is looked up as it
     * is read, and in a larger history most would be known already (a night of 190,000 URLs reads
     * them in one pass instead). Its answer is recorded, like every other, once the reading is done.
     */
    private LinkReport check(java.util.function.Consumer<java.util.function.Consumer<Request>> source,
            LinkCheckOptions options, Listener listener, Dns resolver) throws IOException {
        LinkHistory history = new LinkHistory(db, options.clock());
        boolean early = options.budget().unlimited() && options.exclude().isEmpty()
                && resumeCandidate(history, options).isEmpty() && history.knowsAtMost(EARLY_HISTORY);
        // made before the reading in any case: the HTTP client is built beside it
        try (Requests requests = new Requests(options, resolver, history)) {
            Grouping grouping = new Grouping(early ? requests : null);
            source.accept(grouping::add);
            requests.flushOffers();
            return check(grouping, history, options, listener, requests);
        }
    }

    private LinkReport check(Grouping grouping, LinkHistory history, LinkCheckOptions options, Listener listener,
            Requests requests) throws IOException {
        Map<String, Group> groups = grouping.groups;
        Optional<LinkRun> interrupted = resumable(history, groups.keySet(), options);
        Instant started = interrupted.map(LinkRun::started).orElseGet(() -> options.clock().instant());
        long runId;
        if (interrupted.isPresent()) {
            runId = interrupted.get().id();
            history.resumeRun(runId);
        } else {
            runId = history.startRun();
        }
        running.add(runId);
        try {
            return check(groups, history, runId, started, interrupted.isPresent(), options, listener, requests);
        } finally {
            running.remove(runId);
        }
    }

    /**
     * The latest run, when this run should complete it rather than start another: it never
     * finished, no process is running it any more, {@link LinkCheckOptions#resume()} accepts its
     * start, and every URL it looked at is cited again now (else it was a run over other files).
     */
    private Optional<LinkRun> resumable(LinkHistory history, Set<String> keys, LinkCheckOptions options) {
        return resumeCandidate(history, options).filter(run -> keys.containsAll(history.citedIn(run.id())));
    }

    /** The latest run when it never finished, no process runs it and {@link LinkCheckOptions#resume()} accepts its start. */
    private Optional<LinkRun> resumeCandidate(LinkHistory history, LinkCheckOptions options) {
        Optional<LinkRun> latest = history.latestRun();
        if (latest.isEmpty() || latest.get().finished().isPresent()) {
            return Optional.empty();
        }
        LinkRun run = latest.get();
        if (!options.resume().accepts(run.started(), options.clock().instant()) || stillRunning(run)) {
            return Optional.empty();
        }
        return latest;
    }

    /** Whether a live process (this checker included) is running {@code run}. */
    private boolean stillRunning(LinkRun run) {
        if (run.pid().isEmpty()) {
            return false;
        }
        long pid = run.pid().get();
        if (pid == ProcessHandle.current().pid()) {
            return running.contains(run.id());
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static LinkReport check(Map<String, Group> groups, LinkHistory history, long runId, Instant started,
            boolean resumed, LinkCheckOptions options, Listener listener, Requests requests)
            throws IOException {
        // A resumed run keeps what its interrupted attempt observed: not requested again, not counted twice.
        Set<String> observed = resumed ? history.observedIn(runId) : Set.of();
        LinkOutcome[] outcomes = new LinkOutcome[groups.size()];
        List<Group> toCheck = new ArrayList<>();
        List<Group> presets = new ArrayList<>();
        List<Group> http = new ArrayList<>();
        List<Group> kept = new ArrayList<>();
        for (Group g : groups.values()) {
            classify(g, options.exclude());
            if (observed.contains(g.key()) && !g.preset.equals(Optional.of(LinkStatus.EXCLUDED))) {
                kept.add(g);
                g.lookup = Group.KEPT;
            } else if (g.preset.isPresent()) {
                presets.add(g);
            } else {
                http.add(g);
                g.lookup = Group.HTTP;
            }
        }
        // One streamed pass over the history of the URLs to look up tells an alive URL not due yet
        // from three columns of its row, which is read no further: its verdict is read again after
        // the requests. Only the states of the others (due, failing, resumed) are read in full and
        // kept for the plan: at 64,000 articles about 20,000 of 207,000.
        Instant now = options.clock().instant();
        Map<String, LinkState> states = new java.util.HashMap<>();
        List<String> fresh = new ArrayList<>();
        List<String> lookup = new ArrayList<>(kept.size() + http.size());
        kept.forEach(g -> lookup.add(g.key()));
        for (Group g : http) {
            if (!g.submitted) { // one requested while reading was looked up then, and found absent
                lookup.add(g.key());
            }
        }
        // the group the filter found for a row is the sink's, without a second look-up (when the
        // filter is asked: in the one-pass scan)
        Group[] found = new Group[1];
        history.eachState(lookup, k -> {
            Group g = groups.get(k);
            found[0] = g;
            return g != null && g.lookup != Group.NONE;
        }, (url, status, lastOk) -> {
            Group g = group(groups, found, url);
            if (g.lookup == Group.HTTP && status.isAlive() && lastOk >= 0
                    && RecheckPlan.isFresh(g.key(), Instant.ofEpochMilli(lastOk), options.maxAge(), now)) {
                g.fresh = true;
                fresh.add(g.key());
                return true;
            }
            return false;
        }, s -> {
            Group g = group(groups, found, s.url());
            states.put(g.key(), s);
            g.failedBefore = !s.alive();
        });
        for (Group g : kept) {
            LinkState s = states.get(g.key());
            outcomes[g.index] = outcome(g, s, false, s.previousStatus().isEmpty(), true);
        }
        List<Group> due = new ArrayList<>(http.size() - fresh.size());
        for (Group g : http) {
            if (!g.fresh) {
                due.add(g);
            }
        }
        RecheckPlan.Selection<Group> plan = RecheckPlan.select(due, g -> g.key(), states, options.maxAge(),
                options.budget(), now);
        toCheck.addAll(plan.toRequest());
        listener.started(groups.size(), toCheck.size());
        for (LinkOutcome o : outcomes) {
            if (o != null) {
                listener.checked(o);
            }
        }
        List<Done> presetDone = new ArrayList<>();
        for (Group g : presets) {
            if (g.preset.get() == LinkStatus.EXCLUDED) {
                outcomes[g.index] = new LinkOutcome(g.key(), LinkStatus.EXCLUDED, Optional.empty(), Optional.empty(),
                        List.of(), Optional.of(g.presetError), citations(g), Set.of(), Optional.empty(),
                        Optional.empty(), 0, false, false, false, options.clock().instant());
                listener.checked(outcomes[g.index]);
            } else {
                presetDone.add(new Done(g, CheckResult.notRequested(g.preset.get(), g.presetError),
                        options.clock().instant(), null));
            }
        }
        record(history, runId, presetDone, outcomes, options, listener);

        Network network = toCheck.isEmpty() ? Network.UNTRIED
                : checkOverNetwork(toCheck, history, runId, outcomes, options, listener, requests);
        // The verdicts reused tonight, read now that the requests are done (no row of theirs was
        // written meanwhile): off the path to the first request.
        history.eachState(fresh, k -> {
            Group g = groups.get(k);
            found[0] = g;
            return g != null && g.fresh;
        }, s -> {
            Group g = group(groups, found, s.url());
            outcomes[g.index] = outcome(g, s, true, false, false);
            listener.checked(outcomes[g.index]);
        });
        // The URLs not due are marked cited after the requests, not before the first one (one
        // statement over 190,000 rows at 64,000 articles): an interruption before leaves them
        // unmarked, and the resumed run takes them from the history again.
        history.cited(runId, fresh);
        // What the budget left: deferred to later nights (the stalest first), the known ones from the history.
        List<Group> late = new ArrayList<>(plan.deferred());
        for (Group g : toCheck) {
            if (outcomes[g.index] == null) {
                late.add(g);
            }
        }
        Map<String, LinkState> lateStates = history.citedStates(runId, known(states, late));
        int deferredNew = 0;
        int deferredFailing = 0;
        int deferredAlive = 0;
        for (Group g : late) {
            LinkState s = lateStates.get(g.key());
            if (s == null) {
                deferredNew++; // never observed: no verdict tonight, first in line next night
                continue;
            }
            if (s.alive()) {
                deferredAlive++;
            } else {
                deferredFailing++;
            }
            outcomes[g.index] = outcome(g, s, true, false, false);
            listener.checked(outcomes[g.index]);
        }
        List<LinkOutcome> reported = new ArrayList<>(outcomes.length);
        int requested = 0;
        for (LinkOutcome o : outcomes) {
            if (o != null) {
                reported.add(o);
                requested += !o.fromHistory() && wasRequested(o) && !network.notRequested().contains(o.url()) ? 1 : 0;
            }
        }
        history.finishRun(runId, groups.size(), requested);
        return new LinkReport(runId, started, options.clock().instant(), reported, requested, resumed,
                new LinkReport.Deferred(deferredNew, deferredFailing, deferredAlive), network.unavailable(), network.hosts(),
                network.headOnly());
    }

    /** The group of {@code url}: the one the scan's filter just found for its row, else looked up. */
    private static Group group(Map<String, Group> groups, Group[] found, String url) {
        return found[0] != null && found[0].key().equals(url) ? found[0] : groups.get(url);
    }

    /**
     * Whether a request was sent for this outcome's URL, this run or (resumed) by its interrupted
     * attempt: it has a verdict only the network gives (alive, failure, blocked; so a DNS failure,
     * a refused connection and a timeout count as tried), or an answer or a redirect hop was
     * recorded (a URL whose redirect led to a private address or a malformed URL was requested).
     * Not: {@code excluded}, {@code invalid}, {@code unsupported}, and {@code private-address}
     * refused before any connection.
     */
    private static boolean wasRequested(LinkOutcome o) {
        return o.status().kind() != LinkStatus.Kind.NOT_CHECKED || o.code().isPresent() || !o.redirects().isEmpty();
    }

    private static void classify(Group g, List<Pattern> exclude) {
        List<String> spellings = g.spellings();
        for (Pattern p : exclude) {
            for (String url : spellings) {
                if (p.matcher(url).find() || p.matcher(g.key()).find()) {
                    g.preset = Optional.of(LinkStatus.EXCLUDED);
                    g.presetError = "matches the exclusion pattern " + p.pattern();
                    return;
                }
            }
        }
        for (String url : spellings) {
            // a doubled scheme or an entity left by double escaping: not a host to ask, a typo to report
            Optional<String> typo = org.newskeeper.links.Urls.typo(url);
            if (typo.isPresent()) {
                g.preset = Optional.of(LinkStatus.INVALID);
                g.presetError = typo.get();
                return;
            }
        }
        switch (g.kind) {
            case MALFORMED:
                g.preset = Optional.of(LinkStatus.INVALID);
                g.presetError = g.error != null ? g.error : "malformed URL";
                return;
            case OTHER_SCHEME:
                g.preset = Optional.of(LinkStatus.UNSUPPORTED);
                g.presetError = (g.error != null ? g.error : "not an HTTP URL")
                        + (ShareTargets.isEndpoint(g.key()) ? "; share link without the URL it shares" : "");
                return;
            default:
                if (g.parsedUrl != null ? ShareTargets.isEndpoint(g.parsedUrl) : ShareTargets.isEndpoint(g.key())) {
                    g.preset = Optional.of(LinkStatus.INVALID);
                    g.presetError = "share link without the URL it shares (share endpoints are not requested)";
                }
        }
    }

    /**
     * Requests {@code toCheck}, recording as results come, except connection-level failures: those
     * wait for the end, when the run knows whether the network (not the links) was down: every
     * canary failed, or at least half of the distinct hosts requested (at least
     * {@value #OUTAGE_MIN_HOSTS}) ended unreachable. Then they are recorded without counting
     * towards confirmation (nor resetting anything); else as any failure.
     */
    private static Network checkOverNetwork(List<Group> toCheck, LinkHistory history, long runId, LinkOutcome[] outcomes,
            LinkCheckOptions options, Listener listener, Requests requests) throws IOException {
        try {
            // before the first request of the plan (already checked beside the reading when URLs went out then)
            Optional<String> canaries = requests.canaries();
            for (Group g : toCheck) {
                g.planned = true;
                if (!g.submitted) {
                    requests.submit(g);
                }
            }
            requests.noMore();
            // one answer for each URL handed to the workers, those requested while reading included
            int expected = requests.submitted;
            Queue<Done> finished = requests.finished;
            List<Done> batch = new ArrayList<>(BATCH);
            List<Done> held = new ArrayList<>();
            Set<String> notRequested = new HashSet<>();
            // The workers leave their results in a lock-free queue and never wake this thread: it
            // looks every POLL_NANOS, and writes one transaction for what arrived until BATCH_WAIT
            // passed without a new one (at most BATCH). Signalling it per answer (a blocking queue)
            // cost a futex wake-up and a context switch per URL, and one transaction per answer
            // was a hot spot of its own.
            long lastArrival = System.nanoTime();
            int received = 0;
            int headOnly = 0;
            while (received < expected) {
                Done d = finished.poll();
                if (d == null) {
                    if (!batch.isEmpty() && System.nanoTime() - lastArrival >= BATCH_WAIT_NANOS) {
                        record(history, runId, batch, outcomes, options, listener, true);
                        batch.clear();
                    }
                    if (requests.deadline.isPresent() && requests.working.get() == 0 && finished.isEmpty()) {
                        break; // the time budget is spent and every worker stopped
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    continue;
                }
                received++;
                lastArrival = System.nanoTime();
                if (d.failure() != null) {
                    throw new IllegalStateException("checking " + d.group().key() + " failed: " + d.failure(), d.failure());
                }
                if (!d.group().planned) {
                    continue; // requested while reading, then found not to be requested tonight: no verdict from it
                }
                if (d.notRequested()) {
                    notRequested.add(d.group().key());
                }
                if (d.result().connectionFailure()) {
                    held.add(d);
                    continue;
                }
                headOnly += d.result().headOnly() ? 1 : 0;
                batch.add(d);
                if (batch.size() >= BATCH) {
                    record(history, runId, batch, outcomes, options, listener, true);
                    batch.clear();
                }
            }
            record(history, runId, batch, outcomes, options, listener, true);
            int requested = requests.hosts.requested();
            int unreachable = requests.hosts.unreachable();
            Optional<String> unavailable = canaries.isPresent() ? canaries
                    : requested >= OUTAGE_MIN_HOSTS && 2 * unreachable >= requested
                            ? Optional.of(UNAVAILABLE + " (" + unreachable + " of " + requested
                                    + " hosts unreachable: DNS, refused, no route or connect timeout)")
                            : Optional.empty();
            for (int from = 0; from < held.size(); from += BATCH) {
                record(history, runId, held.subList(from, Math.min(held.size(), from + BATCH)), outcomes, options,
                        listener, unavailable.isEmpty());
            }
            return new Network(unavailable, requests.hosts.down(), Set.copyOf(notRequested), headOnly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("link check interrupted");
        }
    }

    /**
     * The requesting side of a run: the HTTP checker (made on a thread of its own, beside the
     * reading of the articles), the workers, started as URLs come up to the concurrency, and the
     * per-host scheduler they take from. URLs are submitted while the articles are read (those
     * never observed, {@link #offer}) and after the plan (the rest); the canaries are checked when
     * the first URL is submitted (beside the reading when that is while reading), and no request
     * starts before their verdict. The answers wait in {@link #finished} until the run records them.
     */
    private static final class Requests implements AutoCloseable {
        /** How many new URLs are looked up in the history at once before they are submitted. */
        private static final int OFFER_BATCH = 128;

        final LinkCheckOptions options;
        final LinkHistory history;
        final HostScheduler<Group> scheduler;
        final Queue<Done> finished = new ConcurrentLinkedQueue<>();
        final HostFailures hosts;
        private final java.util.concurrent.CompletableFuture<HttpChecker> checker = new java.util.concurrent.CompletableFuture<>();
        /** Why the network is taken to be down by its canaries, else empty; no request starts before it is known. */
        private final java.util.concurrent.CompletableFuture<Optional<String>> canaries = new java.util.concurrent.CompletableFuture<>();
        final ExecutorService pool;
        /** A time budget, from the first URL submitted: no request starts after the deadline; what is left is deferred. */
        volatile Optional<Instant> deadline = Optional.empty();
        /** The workers still taking URLs. */
        final AtomicInteger working = new AtomicInteger();
        private final List<Group> offered = new ArrayList<>();
        int submitted;
        private int workers;
        private boolean closed;
        /** Whether the canaries are being checked or were. */
        private boolean canariesAsked;

        Requests(LinkCheckOptions options, Dns resolver, LinkHistory history) {
            this.options = options;
            this.history = history;
            this.scheduler = new HostScheduler<>(options.perHost());
            this.hosts = new HostFailures(options.hostFailures());
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
                Thread t = new Thread(r, "newskeeper-links-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            Thread maker = new Thread(() -> {
                try {
                    checker.complete(new HttpChecker(options, resolver));
                } catch (RuntimeException | Error e) {
                    checker.completeExceptionally(e);
                    canaries.completeExceptionally(e);
                }
            }, "newskeeper-links-setup");
            maker.setDaemon(true);
            maker.start();
        }

        private void checkCanaries() {
            try {
                canaries.complete(LinkCheck.canaries(checker.join(), options.canaries()));
            } catch (RuntimeException | Error e) {
                canaries.completeExceptionally(e);
            }
        }

        /**
         * Why the network is taken to be down by its canaries (else empty): checked now unless they
         * were beside the reading; what failed making the checker or checking them is thrown here.
         */
        Optional<String> canaries() {
            if (!canariesAsked) {
                canariesAsked = true;
                checkCanaries();
            }
            try {
                return canaries.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw e;
            }
        }

        /** A URL just read: requested now unless the history knows it (then the plan decides), in batches of lookups. */
        void offer(Group g) {
            classify(g, options.exclude());
            if (g.preset.isPresent()) {
                return;
            }
            offered.add(g);
            if (offered.size() >= OFFER_BATCH) {
                flushOffers();
            }
        }

        void flushOffers() {
            if (offered.isEmpty()) {
                return;
            }
            List<String> keys = new ArrayList<>(offered.size());
            offered.forEach(g -> keys.add(g.key()));
            Set<String> known = history.known(keys);
            for (Group g : offered) {
                if (!known.contains(g.key())) {
                    submit(g);
                }
            }
            offered.clear();
        }

        void submit(Group g) {
            if (submitted == 0) {
                deadline = options.budget().time().map(options.clock().instant()::plus);
                if (!canariesAsked) {
                    // a URL requested while the articles are read: the canaries beside the reading
                    canariesAsked = true;
                    if (options.canaries().isEmpty()) {
                        canaries.complete(Optional.empty());
                    } else {
                        Thread t = new Thread(this::checkCanaries, "newskeeper-links-canaries");
                        t.setDaemon(true);
                        t.start();
                    }
                }
            }
            g.submitted = true;
            submitted++;
            scheduler.add(g.host(), g);
            if (workers < options.concurrency() && workers < submitted) {
                workers++;
                working.incrementAndGet();
                pool.execute(() -> {
                    try {
                        work();
                    } finally {
                        working.decrementAndGet();
                    }
                });
            }
        }

        /** Every URL was submitted: the workers end when the last is taken. */
        void noMore() {
            scheduler.close();
        }

        private void work() {
            HttpChecker checker;
            try {
                canaries.join(); // no request before the canaries' verdict
                checker = this.checker.join();
            } catch (java.util.concurrent.CompletionException e) {
                return; // the run's thread throws it
            }
            try {
                HostScheduler.Ticket<Group> t;
                while ((t = scheduler.take()) != null) {
                    Group g = t.task();
                    if (deadline.isPresent() && !options.clock().instant().isBefore(deadline.get())) {
                        scheduler.done(t.host());
                        return;
                    }
                    try {
                        HttpUrl url = g.url();
                        Optional<CheckResult> down = hosts.admit(t.host());
                        if (down.isPresent()) {
                            finished.add(new Done(g, hostVerdict(down.get(), g, t.host(), options.hostFailures()),
                                    options.clock().instant(), null, true));
                            continue;
                        }
                        CheckResult r = null;
                        try {
                            r = checker.check(url, g.failedBefore);
                        } finally {
                            hosts.finished(t.host(), r != null ? r
                                    : CheckResult.notRequested(LinkStatus.UNREACHABLE, "the check failed"));
                        }
                        finished.add(new Done(g, r, options.clock().instant(), null));
                    } catch (RuntimeException | Error e) {
                        finished.add(new Done(g, null, null, e));
                    } finally {
                        scheduler.done(t.host());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            scheduler.close();
            pool.shutdownNow();
            checker.thenAccept(HttpChecker::close);
        }
    }

    /**
     * Checks the canaries: {@link #UNAVAILABLE} and why when every one failed to answer (no HTTP
     * answer at all), else empty (also without canaries).
     */
    private static Optional<String> canaries(HttpChecker checker, List<String> canaries) {
        List<String> failures = new ArrayList<>();
        for (String c : canaries) {
            CheckResult r = checker.check(HttpUrl.get(c));
            if (r.code().isPresent()) {
                return Optional.empty();
            }
            failures.add(c + ": " + r.error().orElse(r.status().id()));
        }
        return failures.isEmpty() ? Optional.empty()
                : Optional.of(UNAVAILABLE + " (every canary failed: " + String.join("; ", failures) + ")");
    }

    private static Map<String, LinkState> known(Map<String, LinkState> states, List<Group> groups) {
        Map<String, LinkState> m = new java.util.HashMap<>();
        for (Group g : groups) {
            LinkState s = states.get(g.key());
            if (s != null) {
                m.put(g.key(), s);
            }
        }
        return m;
    }

    /** What a URL of a host found down takes, without a request. */
    private static CheckResult hostVerdict(CheckResult verdict, Group g, String host, int limit) {
        return new CheckResult(verdict.status(), Optional.empty(), Optional.of(g.key()), List.of(),
                Optional.of("not requested: host " + host + " failed " + limit + " connections in a row ("
                        + verdict.error().orElse(verdict.status().id()) + ")"),
                0, "", true);
    }

    private static void record(LinkHistory history, long runId, List<Done> batch, LinkOutcome[] outcomes,
            LinkCheckOptions options, Listener listener) {
        record(history, runId, batch, outcomes, options, listener, true);
    }

    /** Records {@code batch}; without {@code counted}, as observations that neither count towards confirmation nor reset. */
    private static void record(LinkHistory history, long runId, List<Done> batch, LinkOutcome[] outcomes,
            LinkCheckOptions options, Listener listener, boolean counted) {
        if (batch.isEmpty()) {
            return;
        }
        List<LinkObservation> observations = new ArrayList<>(batch.size());
        for (Done d : batch) {
            CheckResult r = d.result();
            observations.add(new LinkObservation(d.group().key(), d.at(), r.status(), r.code(), r.finalUrl(),
                    r.redirects(), r.error()));
        }
        List<LinkState> states = history.recordAll(runId, observations, options.confirmAfter(), options.confirmSpan(),
                counted);
        for (int i = 0; i < batch.size(); i++) {
            Group g = batch.get(i).group();
            LinkState s = states.get(i);
            outcomes[g.index] = outcome(g, s, false, s.previousStatus().isEmpty(), false);
            listener.checked(outcomes[g.index]);
        }
    }

    private static LinkOutcome outcome(Group g, LinkState s, boolean fromHistory, boolean isNew, boolean resumed) {
        LinkObservation o = s.latest();
        Optional<String> landed = o.status().isAlive() ? Optional.of(o.finalUrl().orElse(g.key())) : Optional.empty();
        // most URLs land where they are: their final URL is then the key's string, not a copy (a
        // night keeps 207,453 outcomes at 64,000 articles)
        Optional<String> finalUrl = o.finalUrl().isPresent() && o.finalUrl().get().equals(g.key())
                ? Optional.of(g.key()) : o.finalUrl();
        return new LinkOutcome(g.key(), o.status(), o.code(), finalUrl, o.redirects(), o.error(),
                citations(g), shareMismatches(g, landed), Optional.of(s.firstSeen()), s.lastOk(),
                s.consecutiveFailures(), s.confirmed(), fromHistory, isNew, o.observedAt(), resumed);
    }

    private static List<Citation> citations(Group g) {
        // The same citation twice (an image repeated on one line) is one citation.
        if (g.citations instanceof Citation c) {
            return List.of(c);
        }
        java.util.LinkedHashSet<Citation> set = new java.util.LinkedHashSet<>(g.citationList());
        return List.copyOf(set);
    }

    /** The share links among the group's citations that lead somewhere alive other than their article's source. */
    private static Set<Citation> shareMismatches(Group g, Optional<String> landed) {
        Set<Citation> set = Set.of(); // most have none: no set made for them
        if (landed.isPresent()) {
            for (Citation c : g.citationList()) {
                if (c.expected().isPresent() && !ShareTargets.sameArticle(landed.get(), c.expected().get())) {
                    if (set.isEmpty()) {
                        set = new HashSet<>();
                    }
                    set.add(c);
                }
            }
        }
        return set;
    }
}
