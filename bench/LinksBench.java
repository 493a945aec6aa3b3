// Link checking benchmark: newskeeper against linkinator (npm), same links, same run, same server.
//
//   java -cp target/newskeeper.jar bench/LinksBench.java [--small] [--links N] [--linkinator PATH]
//        [--concurrency N] [--latency MS]
//   java -cp target/newskeeper.jar bench/LinksBench.java --process [--links N] [--rounds N]
//   java -cp target/newskeeper.jar bench/LinksBench.java --serve DIR [--links N]
//
// --process compares whole processes, as users run them: `./newskeeper links` (the launcher, a cold
// JVM with its class-data sharing archive, a fresh history database) on a folder of articles citing
// the links, against `linkinator` on one page of the same links; 10,200 links at concurrency 100,
// no per-host cap on either, soft-404 probe on; wall time and CPU time (user + system of the whole
// process tree, from sh's `times`) of each, medians of alternating rounds (--rounds, default 5).
//
// A loopback server answers on 20 virtual hosts (127.0.0.2 .. 127.0.0.21, or 20 ports of 127.0.0.1
// where those addresses cannot be bound), each answer after a 50 ms latency: 90 % pages (200),
// 5 % gone (404), 5 % moved (301 to a page). Both tools get the same global concurrency; newskeeper
// additionally keeps to concurrency/20 requests per host (stricter, not looser, politeness).
// --serve writes the --process corpus into DIR/corpus, prints the `newskeeper links` command line
// --process runs, and answers until stopped: to profile one run by hand (JFR, top -H, time -v).
// Prints links/s of both and their ratio, the requests the server saw, and newskeeper's heap at
// N/10 and N links to show memory flat in the number of links (bench/links.sh runs it in a 96 MiB
// heap, loopback server included). Everything stays on loopback.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.check.LinkCheck;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.check.LinkReport;
import org.newskeeper.history.Database;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.LinkStatus;

public class LinksBench {
    static final int HOSTS = 20;
    static final AtomicLong requests = new AtomicLong();
    static final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> peakPerHost = new ConcurrentHashMap<>();
    static long latencyMs = 50;
    /** When the server saw the run's first request and sent its last answer (System.nanoTime, 0 before any). */
    static final AtomicLong firstRequest = new AtomicLong();
    static final AtomicLong lastAnswer = new AtomicLong();

    public static void main(String[] args) throws Exception {
        boolean small = false;
        boolean process = false;
        Path serve = null;
        Integer givenLinks = null;
        int links = 20_000;
        int concurrency = 100;
        Integer givenRounds = null;
        String linkinator = "target/bench-peer/node_modules/.bin/linkinator";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--small": small = true; links = 2_000; break;
                case "--links": givenLinks = Integer.parseInt(args[++i]); break;
                case "--process": process = true; break;
                case "--serve": serve = Path.of(args[++i]); process = true; break;
                case "--concurrency": concurrency = Integer.parseInt(args[++i]); break;
                case "--latency": latencyMs = Long.parseLong(args[++i]); break;
                case "--linkinator": linkinator = args[++i]; break;
                case "--rounds": givenRounds = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        links = givenLinks != null ? givenLinks : process ? 10_200 : links;
        // Whole processes: medians of 5 alternating rounds; in-process: best of 2.
        int rounds = givenRounds != null ? givenRounds : process ? 5 : 2;
        ExecutorService pool = Executors.newFixedThreadPool(4 * concurrency + 16);
        List<HttpServer> servers = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        boolean distinctAddresses = canBind("127.0.0.2");
        for (int h = 0; h < HOSTS; h++) {
            String ip = distinctAddresses ? "127.0.0." + (h + 2) : "127.0.0.1";
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), 0), 1024);
            s.createContext("/", LinksBench::handle);
            s.setExecutor(pool);
            s.start();
            servers.add(s);
            bases.add("http://" + ip + ":" + s.getAddress().getPort());
        }
        System.out.printf("links bench: %d links over %d virtual hosts (%s), %d ms latency, concurrency %d, heap limit %d MiB%n",
                links, HOSTS, distinctAddresses ? "127.0.0.2-21" : "20 ports of 127.0.0.1", latencyMs, concurrency,
                Runtime.getRuntime().maxMemory() >> 20);
        if (serve != null) {
            List<String> command = newskeeperCommand(Path.of("newskeeper").toAbsolutePath(),
                    writeCorpus(urls(bases, links, "s"), serve), concurrency, serve);
            System.out.println(String.join(" ", command));
            Thread.sleep(Long.MAX_VALUE);
        }
        Path work = Files.createTempDirectory("links-bench");
        try {
            if (process) {
                wholeProcesses(bases, links, concurrency, rounds, linkinator, work);
                return;
            }
            // Warm-up (JIT), not measured.
            ours(urls(bases, 500, "warm"), concurrency, work.resolve("warm.sqlite"));

            Result tenth = ours(urls(bases, links / 10, "t"), concurrency, work.resolve("tenth.sqlite"));
            // Rounds alternate the tools so that the noise of a shared machine falls on both; best of each.
            Result best = null;
            Result bestPeer = null;
            Result again = null;
            for (int round = 1; round <= rounds; round++) {
                List<String> roundUrls = urls(bases, links, "r" + round);
                Path db = work.resolve("round" + round + ".sqlite");
                Result r = ours(roundUrls, concurrency, db);
                if (round == 1) {
                    again = ours(roundUrls, concurrency, db);
                }
                System.out.printf("  round %d newskeeper %6.2f s = %6.0f links/s%n", round, r.seconds, links / r.seconds);
                best = best == null || r.seconds < best.seconds ? r : best;
                Result p = linkinator(linkinator, urls(bases, links, "p" + round), concurrency, work);
                if (p != null) {
                    System.out.printf("  round %d linkinator %6.2f s = %6.0f links/s%n", round, p.seconds, links / p.seconds);
                    bestPeer = bestPeer == null || p.seconds < bestPeer.seconds ? p : bestPeer;
                }
            }
            System.out.printf("newskeeper  %6d links in %6.2f s = %8.0f links/s  %s  requests %d, CPU %.2f s%n",
                    links, best.seconds, links / best.seconds, best.summary, best.requests, best.cpuSeconds);
            System.out.printf("  memory: %d links -> peak heap %d MiB, retained %d MiB; %d links -> peak %d MiB, retained %d MiB"
                    + " (the retained difference is the report itself: %d bytes a link)%n",
                    links / 10, tenth.peakMiB, tenth.retainedMiB, links, best.peakMiB, best.retainedMiB,
                    Math.max(0, (best.retainedMiB - tenth.retainedMiB) << 20) / Math.max(1, links - links / 10));
            System.out.printf("  next night (same history, max age 7d): %d links in %.2f s, %d requests (failures only)%n",
                    links, again.seconds, again.requests);
            System.out.printf("  politeness: at most %d requests at once to one host (per-host limit %d)%n",
                    best.perHostPeak(), Math.max(1, concurrency / HOSTS));
            if (bestPeer == null) {
                System.out.println("linkinator: not found at " + linkinator + " (bench/links.sh installs it); no ratio");
            } else {
                System.out.printf("linkinator  %6d links in %6.2f s = %8.0f links/s  %s  requests %d, CPU %.2f s, up to %d at once to one host%n",
                        links, bestPeer.seconds, links / bestPeer.seconds, bestPeer.summary, bestPeer.requests,
                        bestPeer.cpuSeconds, bestPeer.perHostPeak());
                System.out.printf("ratio newskeeper/linkinator: %.2fx links/s, %.2fx less CPU (best of %d rounds each)%n",
                        bestPeer.seconds / best.seconds, bestPeer.cpuSeconds / best.cpuSeconds, rounds);
            }
        } finally {
            for (HttpServer s : servers) {
                s.stop(0);
            }
            pool.shutdownNow();
            try (Stream<Path> w = Files.walk(work)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Both tools as whole processes, alternating, medians of {@code rounds} each. */
    static void wholeProcesses(List<String> bases, int links, int concurrency, int rounds, String linkinator, Path work)
            throws Exception {
        Path launcher = Path.of("newskeeper").toAbsolutePath();
        // The launcher's first use builds its class-data sharing archive: once per install, not measured.
        run(List.of(launcher.toString(), "--version"), work.resolve("version.out"));
        List<Result> ours = new ArrayList<>();
        List<Result> theirs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Result r = newskeeperProcess(launcher, urls(bases, links, "n" + round), concurrency, work.resolve("n" + round));
            System.out.printf("  round %d newskeeper %6.2f s wall, %6.2f s CPU  %s%n", round, r.seconds, r.cpuSeconds, r.summary);
            ours.add(r);
            Result p = linkinator(linkinator, urls(bases, links, "p" + round), concurrency, work);
            if (p != null) {
                System.out.printf("  round %d linkinator %6.2f s wall, %6.2f s CPU  %s%n", round, p.seconds, p.cpuSeconds, p.summary);
                theirs.add(p);
            }
        }
        // Medians of the rounds (the noise of a shared machine falls on both tools, alternately).
        double wall = median(ours, Result::seconds);
        double cpu = median(ours, Result::cpuSeconds);
        System.out.printf("newskeeper  %6d links, whole process: median %6.2f s wall, %6.2f s CPU of %d rounds, requests %d, up to %d at once to one host%n",
                links, wall, cpu, rounds, ours.get(0).requests, ours.stream().mapToInt(Result::perHostPeak).max().orElse(0));
        if (theirs.isEmpty()) {
            System.out.println("linkinator: not found at " + linkinator + " (bench/links.sh installs it); no ratio");
            return;
        }
        double peerWall = median(theirs, Result::seconds);
        double peerCpu = median(theirs, Result::cpuSeconds);
        System.out.printf("linkinator  %6d links, whole process: median %6.2f s wall, %6.2f s CPU of %d rounds, requests %d, up to %d at once to one host%n",
                links, peerWall, peerCpu, rounds, theirs.get(0).requests, theirs.stream().mapToInt(Result::perHostPeak).max().orElse(0));
        System.out.printf("ratio linkinator/newskeeper: %.2fx wall (target >= 1.10), %.2fx CPU (target >= 1.00) (medians of %d rounds each)%n",
                peerWall / wall, peerCpu / cpu, rounds);
    }

    static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
        double[] v = results.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code newskeeper links} on a folder of articles citing {@code urls}, ten to an article. */
    static Result newskeeperProcess(Path launcher, List<String> urls, int concurrency, Path dir) throws Exception {
        Path corpus = writeCorpus(urls, dir);
        perHostPeak();
        long before = requests.get();
        firstRequest.set(0);
        long start = System.nanoTime();
        Path out = dir.resolve("links.json");
        Process p = run(newskeeperCommand(launcher, corpus, concurrency, dir), out);
        double seconds = (System.nanoTime() - start) / 1e9;
        String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String json = Files.readString(out);
        return new Result(seconds, String.format("exit %d, %d bytes of JSON, %s", p.exitValue(), json.length(),
                        phases(start, requests.get() - before)),
                requests.get() - before, 0, 0, perHostPeak(), childCpuSeconds(times));
    }

    /** A folder {@code dir/corpus} of articles citing {@code urls}, ten to an article. */
    static Path writeCorpus(List<String> urls, Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        for (int a = 0; a * 10 < urls.size(); a++) {
            List<String> mine = urls.subList(a * 10, Math.min(urls.size(), a * 10 + 10));
            StringBuilder md = new StringBuilder("<!--1595328318000-->\n[Article " + a + "](" + mine.get(0) + ")\n------\n\n<div><p>");
            for (String u : mine.subList(1, mine.size())) {
                md.append("<a href=\"").append(u).append("\">x</a> ");
            }
            md.append("</p></div>\n");
            Files.writeString(corpus.resolve("a" + a + ".md"), md);
        }
        return corpus;
    }

    /** {@code newskeeper links} on {@code corpus}, its history in {@code dir}, no per-host cap, JSON. */
    static List<String> newskeeperCommand(Path launcher, Path corpus, int concurrency, Path dir) {
        return List.of(launcher.toString(), "links", corpus.toString(), "--db", dir.resolve("history.sqlite").toString(),
                "--concurrency", String.valueOf(concurrency), "--per-host", String.valueOf(concurrency),
                "--per-host-interval", "0", "--timeout", "10", "--allow-private", "--format", "json");
    }

    /** Runs {@code command} through sh, its standard output to {@code out}; sh's `times` on the process's output. */
    static Process run(List<String> command, Path out) throws Exception {
        List<String> sh = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\" > \"$OUT\"; s=$?; times; exit $s"));
        sh.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(sh).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OUT", out.toString());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 15 minutes");
        }
        return p;
    }

    static boolean canBind(String ip) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        firstRequest.compareAndSet(0, System.nanoTime());
        String host = ex.getLocalAddress().toString();
        AtomicInteger count = inFlight.computeIfAbsent(host, k -> new AtomicInteger());
        peakPerHost.computeIfAbsent(host, k -> new AtomicInteger()).accumulateAndGet(count.incrementAndGet(), Math::max);
        try {
            Thread.sleep(latencyMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String path = ex.getRequestURI().getPath();
        int code;
        byte[] body = null;
        if (path.startsWith("/moved/")) {
            ex.getResponseHeaders().add("Location", path.replace("/moved/", "/a/"));
            code = 301;
        } else if (path.startsWith("/a/")) {
            code = 200;
            ex.getResponseHeaders().add("Content-Type", "text/html");
            if (!ex.getRequestMethod().equals("HEAD")) {
                body = ("<html><head><title>Article " + path + "</title></head><body>text</body></html>")
                        .getBytes(StandardCharsets.UTF_8);
            }
        } else {
            code = 404;
        }
        // No longer "in flight" once the answer is decided: the client may send its next request
        // as soon as the answer's last byte arrives, before this thread gets to run again.
        count.decrementAndGet();
        try (ex) {
            ex.sendResponseHeaders(code, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        }
        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
    }

    static List<String> urls(List<String> bases, int n, String tag) {
        List<String> urls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String base = bases.get(i % HOSTS);
            int kind = (i / HOSTS) % 20;
            String path = kind == 0 ? "/gone/" : kind == 1 ? "/moved/" : "/a/";
            urls.add(base + path + tag + "-" + i);
        }
        return urls;
    }

    record Result(double seconds, String summary, long requests, long peakMiB, long retainedMiB, int perHostPeak,
            double cpuSeconds) {
    }

    static Result ours(List<String> urls, int concurrency, Path db) throws Exception {
        List<LinkCheck.Request> citations = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            citations.add(new LinkCheck.Request(urls.get(i), Citation.of("bench/" + (i / 10) + ".md", Role.LINK, 5)));
        }
        LinkCheckOptions options = LinkCheckOptions.builder()
                .addressPolicy(AddressPolicy.ALLOW_PRIVATE)
                .concurrency(concurrency)
                .perHost(Math.max(1, concurrency / HOSTS))
                .perHostInterval(Duration.ZERO)
                .timeout(Duration.ofSeconds(10))
                .build();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        perHostPeak();
        long before = requests.get();
        long cpuBefore = clientCpuNanos();
        long start = System.nanoTime();
        LinkReport report;
        try (Database database = Database.open(db)) {
            report = new LinkCheck(database).check(citations, options, LinkCheck.QUIET);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (clientCpuNanos() - cpuBefore) / 1e9;
        sampler.interrupt();
        sampler.join();
        System.gc();
        long retained = mem.getHeapMemoryUsage().getUsed();
        System.gc();
        retained = Math.min(retained, mem.getHeapMemoryUsage().getUsed());
        Map<LinkStatus, Integer> s = report.summary();
        String summary = String.format("ok %d, redirected %d, broken %d, other %d", s.get(LinkStatus.OK),
                s.get(LinkStatus.REDIRECTED), s.get(LinkStatus.BROKEN),
                urls.size() - s.get(LinkStatus.OK) - s.get(LinkStatus.REDIRECTED) - s.get(LinkStatus.BROKEN));
        if (report.links().size() != urls.size()) {
            throw new IllegalStateException("expected " + urls.size() + " outcomes, got " + report.links().size());
        }
        return new Result(seconds, summary, requests.get() - before, peak.get() >> 20, retained >> 20, perHostPeak(), cpu);
    }

    static Result linkinator(String exe, List<String> urls, int concurrency, Path work) throws Exception {
        if (!Files.isExecutable(Path.of(exe))) {
            return null;
        }
        Path site = work.resolve("site");
        Files.createDirectories(site);
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>links</title></head><body>\n");
        for (String u : urls) {
            html.append("<a href=\"").append(u).append("\">x</a>\n");
        }
        html.append("</body></html>\n");
        Files.writeString(site.resolve("index.html"), html);
        Path out = work.resolve("linkinator.json");
        perHostPeak();
        long before = requests.get();
        firstRequest.set(0);
        long start = System.nanoTime();
        // Through sh, whose `times` prints the CPU time of its children (user, then system).
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "\"$0\" \"$@\" > \"$OUT\"; s=$?; times; exit $s",
                exe, site.toString(), "--concurrency", String.valueOf(concurrency), "--timeout", "10000", "--format", "JSON")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OUT", out.toString());
        Process p = pb.start();
        String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("linkinator did not finish in 15 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String json = Files.readString(out);
        long ok = count(json, "\"state\": \"OK\"") + count(json, "\"state\":\"OK\"");
        long broken = count(json, "\"state\": \"BROKEN\"") + count(json, "\"state\":\"BROKEN\"");
        return new Result(seconds, String.format("ok %d, broken %d (exit %d), %s", ok, broken, p.exitValue(),
                        phases(start, requests.get() - before)),
                requests.get() - before, 0, 0, perHostPeak(), childCpuSeconds(times));
    }

    /** CPU time of this process less the loopback server's threads: what the checker spent (JIT and GC included). */
    static long clientCpuNanos() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long server = 0;
        for (java.lang.management.ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().startsWith("pool-") || t.getThreadName().startsWith("HTTP-Dispatcher")) {
                long c = threads.getThreadCpuTime(t.getThreadId());
                server += Math.max(0, c);
            }
        }
        return process - server;
    }

    /** The children's user + system time from the output of sh's `times` (its second line). */
    static double childCpuSeconds(String times) {
        String[] lines = times.strip().split("\\R");
        if (lines.length < 2) {
            return Double.NaN;
        }
        double total = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)m([\\d.]+)s").matcher(lines[1]);
        while (m.find()) {
            total += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
        }
        return total;
    }

    /**
     * Where a whole process's time went, as the server saw it: its first request after the start,
     * the requests' span at so many a second, the time after the last answer.
     */
    static String phases(long start, long requests) {
        long first = firstRequest.get();
        long last = lastAnswer.get();
        if (first == 0 || last < first) {
            return "no requests";
        }
        double span = (last - first) / 1e9;
        return String.format("first request at %.2f s, requests for %.2f s (%.0f/s), %.2f s after the last",
                (first - start) / 1e9, span, requests / span, (System.nanoTime() - last) / 1e9);
    }

    /** The most requests one host saw at once since the last call. */
    static int perHostPeak() {
        int max = peakPerHost.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        peakPerHost.clear();
        return max;
    }

    static long count(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
