import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whole-process benchmark of the nightly job and of the report, each run as a fresh
 * {@code ./newskeeper} process (cold JVM) against the demo's web double, with politeness off
 * ({@code --per-host-interval 0}, a high {@code --concurrency} and {@code --per-host}, and the
 * TimeGate's {@code --archive-rate} at {@code $BENCH_ARCHIVE_RATE}, default 100,000 a second) so
 * that the tool itself is measured.
 *
 * <ul>
 *   <li>{@code NightlyBench nightly CORPUS WORK [NIGHTS]}: a fresh checks and WARC folder under WORK,
 *       then NIGHTS (default 2) runs of {@code ./newskeeper demo --nights 1 --corpus CORPUS} on the
 *       unchanged corpus, each process one nightly run. Prints each stage's time per night (from the
 *       stage lines, timed as they arrive), the time to the links stage's first request, the ratio of
 *       each night to night 1, the nightly run's wall time (from its {@code nightly: run} line to its
 *       {@code report:} line: the demo's set-up of the web double and its copies line are not part
 *       of the night) and the whole
 *       process's, the database size after each night and the peak heap (from {@code -Xlog:gc}), then
 *       the targets of issue 13, among them night 2's wall time over night 1's and whether it is at
 *       most 0.20.</li>
 *   <li>{@code NightlyBench report CORPUS WORK [ROUNDS]}: one night (kept in WORK and reused), then
 *       ROUNDS (default 3) runs of {@code ./newskeeper report --checks WORK/checks}; prints the size
 *       of every file the report writes, the time of each round, the median, and the peak heap. With
 *       a CORPUS that is no folder, WORK must hold a database already ({@code bench/report.sh --synthetic}).</li>
 * </ul>
 * With {@code BENCH_KEEP=1}, {@code nightly} keeps what WORK holds and goes on from it (its night 1 is
 * then the next night of that state).
 * Heap: {@code NEWSKEEPER_JAVA_OPTS} of the child processes is {@code $BENCH_JAVA_OPTS} (default
 * {@code -Xmx512m}) plus a GC log in WORK. Link options: {@code $BENCH_LINK_FLAGS} (default
 * {@code --per-host-interval 0 --per-host 64 --concurrency 128 --max-age 7d}: the default max age,
 * which the demo replaces with 0 unless given, so that night 2 rechecks the failing and due URLs only,
 * as users' nights do).
 */
public class NightlyBench {
    static final Pattern STAGE = Pattern.compile("nightly: (\\w+): (.*)$");
    static final Pattern DONE_SECONDS = Pattern.compile("\\((\\d+(?:\\.\\d+)?) s, [^)]*\\)$");
    static final Pattern GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    static final String[] STAGES = {"check", "links", "archives", "pack", "verify", "report"};

    /** The most night 2 may take, as a share of night 1's wall time (issue 13). */
    static final double TARGET_RATIO = 0.20;

    record Night(int exit, double wall, double toFirstLine, double toReportLine, Map<String, Double> stages, double linksStart,
                 long dbBytes, long outBytes, double peakHeapMb, double committedMb, int gcs, List<String> summary) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: NightlyBench nightly|report CORPUS WORK [NIGHTS|ROUNDS]");
            System.exit(2);
        }
        Path corpus = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        int count = args.length > 3 ? Integer.parseInt(args[3]) : args[0].equals("report") ? 3 : 2;
        switch (args[0]) {
            case "nightly" -> nightly(corpus, work, count);
            case "report" -> report(corpus, work, count);
            default -> {
                System.err.println("NightlyBench: unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    static void nightly(Path corpus, Path work, int nights) throws Exception {
        // BENCH_KEEP=1 goes on from the checks and WARC folder already in WORK (a copy of an earlier
        // night's state), to measure a later night without running night 1 again.
        boolean keep = "1".equals(System.getenv("BENCH_KEEP"));
        if (!keep) {
            deleteTree(work);
        } else if (Files.exists(work.resolve("checks/links.sqlite"))) {
            System.out.printf(Locale.ROOT, "going on from %s: database %.1f MB before the first night here%n", work,
                    Files.size(work.resolve("checks/links.sqlite")) / 1e6);
        }
        Files.createDirectories(work);
        long articles = countArticles(corpus);
        System.out.printf(Locale.ROOT, "corpus: %s, %d articles; heap: %s; links: %s; archive lookups: %s a second%n",
                corpus, articles, heapOpts(), linkFlags(), archiveRate());
        List<Night> runs = new ArrayList<>();
        for (int i = 1; i <= nights; i++) {
            System.out.println("--- night " + i);
            Night n = night(corpus, work, "night" + i);
            runs.add(n);
            System.out.printf(Locale.ROOT, "night %d: exit %d, %.1f s wall, database %.1f MB, WARC %.1f MB, peak heap %.0f MB%n",
                    i, n.exit(), n.wall(), n.dbBytes() / 1e6, n.outBytes() / 1e6, n.peakHeapMb());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "== nightly, %d articles, whole process, cold JVM each night (%s)%n", articles, heapOpts());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s", "stage (s)"));
        for (int i = 1; i <= runs.size(); i++) {
            head.append(String.format(Locale.ROOT, "%12s", "night " + i));
        }
        for (int i = 2; i <= runs.size(); i++) {
            head.append(String.format(Locale.ROOT, "%12s", "n" + i + "/n1"));
        }
        System.out.println(head);
        row("start (demo set-up)", runs, Night::toFirstLine);
        for (String s : STAGES) {
            row(s, runs, n -> n.stages().getOrDefault(s, Double.NaN));
            if (s.equals("links")) {
                row("  links: to item count", runs, Night::linksStart);
            }
        }
        row("nightly run (wall)", runs, NightlyBench::nightWall);
        row("whole process (wall)", runs, Night::wall);
        row("database (MB)", runs, n -> n.dbBytes() / 1e6);
        row("WARC output (MB)", runs, n -> n.outBytes() / 1e6);
        row("peak heap used (MB)", runs, Night::peakHeapMb);
        row("heap committed (MB)", runs, Night::committedMb);
        row("GC pauses", runs, n -> (double) n.gcs());
        for (int i = 0; i < runs.size(); i++) {
            System.out.println("night " + (i + 1) + ": " + String.join(" | ", runs.get(i).summary()));
        }
        if (runs.size() >= 2) {
            Night n1 = runs.get(0);
            Night n2 = runs.get(1);
            double growth = (n2.dbBytes() - n1.dbBytes()) / 1e6;
            System.out.println();
            System.out.println("issue 13 targets (night 2 = nothing changed):");
            double ratio = nightWall(n2) / nightWall(n1);
            System.out.printf(Locale.ROOT, "night 2 / night 1, wall time of the nightly run: %.1f s / %.1f s = %.3f (%s %.2f);"
                    + " whole processes: %.1f s / %.1f s = %.3f%n", nightWall(n2), nightWall(n1), ratio,
                    ratio <= TARGET_RATIO ? "<=" : ">", TARGET_RATIO, n2.wall(), n1.wall(), n2.wall() / n1.wall());
            // A night that failed (exit 3: a stage failed, or out of memory) measured less than a night's work:
            // none of its figures can meet a target.
            boolean fits = runs.stream().allMatch(n -> n.exit() == 0 || n.exit() == 1);
            if (!fits) {
                System.out.println("a night failed (exit other than 0 or 1): its figures are not a night's and meet no target");
            }
            target("night 2 <= 0.20 of night 1 (nightly wall)", ratio, "%.3f", fits && ratio <= TARGET_RATIO);
            target("links: first request <= 5 s (night 2)", n2.linksStart(), "%.1f s", fits && n2.linksStart() <= 5);
            target("pack <= 3 s (night 2)", n2.stages().getOrDefault("pack", Double.NaN), "%.1f s",
                    fits && n2.stages().getOrDefault("pack", Double.MAX_VALUE) <= 3);
            target("database growth <= 5 MB (night 2)", growth, "%.1f MB", fits && growth <= 5);
            target("both nights complete within " + heapOpts(), runs.stream().mapToDouble(Night::peakHeapMb).max().orElse(0),
                    "peak %.0f MB", fits);
        }
    }

    static void report(Path corpus, Path work, int rounds) throws Exception {
        Path checks = work.resolve("checks");
        // no corpus: a database filled directly (bench/report.sh --synthetic), its night.done says what
        long articles = Files.isDirectory(corpus) ? countArticles(corpus) : -1;
        System.out.printf(Locale.ROOT, "corpus: %s, %s; heap: %s%n", corpus,
                articles < 0 ? "none (a synthetic database)" : articles + " articles", heapOpts());
        if (!Files.isRegularFile(work.resolve("night.done")) && articles < 0) {
            System.out.println("no night in " + work + " and no corpus to run one");
            System.exit(2);
        }
        if (!Files.isRegularFile(work.resolve("night.done"))) {
            deleteTree(work);
            Files.createDirectories(work);
            System.out.println("--- one night to report on (kept in " + work + ")");
            Night n = night(corpus, work, "night1");
            if (n.exit() != 0 && n.exit() != 1) {
                System.out.println("the night failed (exit " + n.exit() + "); no report to measure");
                System.exit(3);
            }
            Files.writeString(work.resolve("night.done"), n.summary().toString());
        } else {
            System.out.println("--- reusing the night in " + work);
        }
        List<Double> times = new ArrayList<>();
        List<Double> heaps = new ArrayList<>();
        List<Double> lives = new ArrayList<>();
        Map<Path, Long> written = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            FileTime before = FileTime.fromMillis(System.currentTimeMillis() - 1000);
            Path gc = work.resolve("gc-report" + r + ".log");
            long t0 = System.nanoTime();
            Process p = start(List.of("./newskeeper", "report", "--checks", checks.toString()), gc);
            List<String> out = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.add(line);
                }
            }
            int exit = p.waitFor();
            double s = (System.nanoTime() - t0) / 1e9;
            double[] heap = heap(gc);
            times.add(s);
            heaps.add(heap[0]);
            lives.add(heap[3]);
            System.out.printf(Locale.ROOT, "round %d: exit %d, %.2f s, peak heap %.0f MB, most live after a GC %.0f MB%n",
                    r, exit, s, heap[0], heap[3]);
            if (exit != 0 && exit != 1) {
                out.forEach(l -> System.out.println("  | " + l));
            }
            written.clear();
            try (Stream<Path> files = Files.walk(checks)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith("links.sqlite")
                            && !f.getFileName().toString().equals("nightly.lock")
                            && Files.getLastModifiedTime(f).compareTo(before) >= 0) {
                        written.put(checks.relativize(f), Files.size(f));
                    }
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "== report, %s, whole process, cold JVM (%s)%n",
                articles < 0 ? Files.readString(work.resolve("night.done")).trim() : articles + " articles", heapOpts());
        System.out.println("files written by the last round (report.html's data pages: one line per folder):");
        long total = 0;
        Map<Path, long[]> pages = new LinkedHashMap<>();
        for (Map.Entry<Path, Long> e : written.entrySet()) {
            total += e.getValue();
            if (e.getKey().getFileName().toString().matches("rows-[0-9]+\\.js")) {
                long[] p = pages.computeIfAbsent(e.getKey().getParent(), k -> new long[3]);
                p[0]++;
                p[1] += e.getValue();
                p[2] = Math.max(p[2], e.getValue());
                continue;
            }
            System.out.printf(Locale.ROOT, "  %10.2f MB  %s%n", e.getValue() / 1e6, e.getKey());
        }
        for (Map.Entry<Path, long[]> e : pages.entrySet()) {
            System.out.printf(Locale.ROOT, "  %10.2f MB  %s/rows-*.js: %d data pages, the largest %.2f MB%n",
                    e.getValue()[1] / 1e6, e.getKey(), e.getValue()[0], e.getValue()[2] / 1e6);
        }
        System.out.printf(Locale.ROOT, "  %10.2f MB  total%n", total / 1e6);
        List<Double> sorted = times.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "time to regenerate: median %.2f s (min %.2f, max %.2f, %d rounds); peak heap used %.0f MB"
                + " (most live after a GC %.0f MB)%n",
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size(),
                heaps.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                lives.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /** One night as a fresh process; its output is echoed with the seconds since the start. */
    static Night night(Path corpus, Path work, String name) throws Exception {
        Path gc = work.resolve("gc-" + name + ".log");
        // one nightly run a process: the demo's second night would change a link and share the first's JVM
        List<String> cmd = new ArrayList<>(List.of("./newskeeper", "demo", "--nights", "1", "--corpus", corpus.toString(),
                "--checks", work.resolve("checks").toString(), "--out", work.resolve("warc").toString()));
        cmd.addAll(List.of(linkFlags().trim().split("\\s+")));
        cmd.addAll(List.of("--archive-rate", archiveRate()));
        long t0 = System.nanoTime();
        Process p = start(cmd, gc);
        Map<String, Double> started = new LinkedHashMap<>();
        Map<String, Double> stages = new LinkedHashMap<>();
        double firstLine = Double.NaN;
        double reportLine = Double.NaN;
        double linksItems = Double.NaN;
        List<String> tail = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                double t = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%8.2f  %s%n", t, line);
                if (line.contains("nightly: run ") || line.contains("nightly: resuming")) {
                    firstLine = t;
                } else if (line.startsWith("report: ")) {
                    // the nightly run's last line; the demo's copies line after it is the demo's own
                    reportLine = t;
                }
                Matcher m = STAGE.matcher(line);
                if (m.find()) {
                    String stage = m.group(1);
                    String rest = m.group(2);
                    if (rest.equals("started")) {
                        started.put(stage, t);
                    } else if (stage.equals("links") && rest.endsWith(" items") && Double.isNaN(linksItems)) {
                        // the item count comes with the plan, just before the plan's first request; on a
                        // night whose history is small (night 1) new URLs were requested while the
                        // articles were read, so there it is the end of the reading, not the first request
                        linksItems = t - started.getOrDefault("links", t);
                    } else if (stage.equals("report") && rest.startsWith("written to")) {
                        stages.put("report", t - started.getOrDefault("report", t));
                    } else {
                        Matcher d = DONE_SECONDS.matcher(rest);
                        if (d.find()) {
                            stages.put(stage, Double.parseDouble(d.group(1)));
                        }
                    }
                } else if (!line.startsWith("demo:") && !line.startsWith("open ")) {
                    tail.add(line);
                }
            }
        }
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] heap = heap(gc);
        List<String> summary = tail.size() > 3 ? tail.subList(tail.size() - 3, tail.size()) : tail;
        return new Night(exit, wall, firstLine, reportLine, stages, linksItems, size(work.resolve("checks"), "links.sqlite"),
                size(work.resolve("warc"), null), heap[0], heap[1], (int) heap[2], summary);
    }

    /**
     * The nightly run's wall time: from its first line to its last ({@code report: ...}), so the
     * demo's set-up of the double before and its copies line after are left out.
     */
    static double nightWall(Night n) {
        double start = Double.isNaN(n.toFirstLine()) ? 0 : n.toFirstLine();
        double end = Double.isNaN(n.toReportLine()) ? n.wall() : n.toReportLine();
        return end - start;
    }

    static Process start(List<String> cmd, Path gcLog) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NEWSKEEPER_JAVA_OPTS", heapOpts() + " -Xlog:gc:file=" + gcLog);
        return pb.start();
    }

    static String heapOpts() {
        String o = System.getenv("BENCH_JAVA_OPTS");
        return o == null || o.isBlank() ? "-Xmx512m" : o;
    }

    /**
     * Lookups a second at the double's TimeGate: {@code $BENCH_ARCHIVE_RATE}, by default 100,000 (politeness
     * off, as for the links; the demo's own 50 a second made every night's 500 lookups 10 s of waiting).
     */
    static String archiveRate() {
        String o = System.getenv("BENCH_ARCHIVE_RATE");
        return o == null || o.isBlank() ? "100000" : o.trim();
    }

    static String linkFlags() {
        String o = System.getenv("BENCH_LINK_FLAGS");
        return o == null || o.isBlank() ? "--per-host-interval 0 --per-host 64 --concurrency 128 --max-age 7d" : o;
    }

    /** {peak heap used before a collection (MB), largest committed heap (MB), number of GC lines, most heap left after a collection (MB)}. */
    static double[] heap(Path gcLog) throws IOException {
        double peak = 0;
        double committed = 0;
        double live = 0;
        int n = 0;
        if (!Files.exists(gcLog)) {
            return new double[] {Double.NaN, Double.NaN, 0, Double.NaN};
        }
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                n++;
                peak = Math.max(peak, mb(m.group(1), m.group(2)));
                committed = Math.max(committed, mb(m.group(5), m.group(6)));
                live = Math.max(live, mb(m.group(3), m.group(4)));
            }
        }
        return new double[] {peak, committed, n, live};
    }

    static double mb(String v, String unit) {
        double x = Double.parseDouble(v);
        return switch (unit) {
            case "K" -> x / 1024;
            case "G" -> x * 1024;
            default -> x;
        };
    }

    /** Bytes under {@code dir}, or of the files named {@code prefix*} directly in it (a database and its journals). */
    static long size(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = prefix == null ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> prefix == null || f.getFileName().toString().startsWith(prefix))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).sum();
        }
    }

    static long countArticles(Path corpus) throws IOException {
        // the corpus may be a symbolic link to a shared copy (target/bench-corpus-N -> /work/bench-corpus-N)
        try (Stream<Path> s = Files.walk(corpus, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".md")).count();
        }
    }

    interface Figure {
        double of(Night n);
    }

    static void row(String label, List<Night> runs, Figure f) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-22s", label));
        for (Night n : runs) {
            sb.append(String.format(Locale.ROOT, "%12.1f", f.of(n)));
        }
        double base = f.of(runs.get(0));
        for (int i = 1; i < runs.size(); i++) {
            double r = f.of(runs.get(i)) / base;
            sb.append(Double.isFinite(r) ? String.format(Locale.ROOT, "%11.2fx", r) : String.format("%12s", "-"));
        }
        System.out.println(sb);
    }

    static void target(String what, double value, String format, boolean holds) {
        System.out.printf(Locale.ROOT, "  %-4s %-45s %s%n", holds ? "MET" : "NOT", what, String.format(Locale.ROOT, format, value));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }
}
