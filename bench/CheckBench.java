import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.rules.Validator;

/**
 * Benchmark of {@code newskeeper check}: the whole check (read, parse the header, parse the body
 * once with jsoup, every rule, duplicate tracking) against jsoup alone parsing the same bodies in
 * the same run. The baseline reads each file, decodes it and parses its body with
 * {@code Jsoup.parse}; jsoup on bodies already in memory is printed too. The ratio of the default
 * check to the baseline is the figure (target: under 1.5); the single-thread ratios are printed
 * beside it. A separate, untimed pass samples the heap after GC to show it stays flat.
 *
 * <p>Run: {@code bench/check.sh [CORPUS]} (default ../shared/corpus/2020).
 */
public final class CheckBench {
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/corpus/2020");
        if (!Files.isDirectory(root)) {
            System.err.println("CheckBench: " + root + ": no such directory");
            System.exit(2);
        }
        List<CorpusFile> files;
        try (Stream<CorpusFile> s = Corpus.files(root)) {
            files = s.toList();
        }
        List<String> bodies = new ArrayList<>();
        for (CorpusFile f : files) {
            bodies.add(body(new String(Files.readAllBytes(f.file()), StandardCharsets.UTF_8)));
        }
        System.out.printf("corpus %s: %d files, %d MB of body HTML%n", root, files.size(),
                bodies.stream().mapToLong(String::length).sum() / 1_000_000);

        int threads = Runtime.getRuntime().availableProcessors();
        // warm up every path so the JIT has compiled them
        for (int i = 0; i < 2; i++) {
            jsoupOnly(bodies);
            jsoupFromDisk(files);
            checkAll(root, 1);
            checkAll(root, threads);
        }
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] diskParseCpu = new long[ROUNDS];
        long[] check1Cpu = new long[ROUNDS];
        long[] memoryParse = new long[ROUNDS];
        long[] diskParse = new long[ROUNDS];
        long[] check1 = new long[ROUNDS];
        long[] checkN = new long[ROUNDS];
        int findings = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            jsoupOnly(bodies);
            memoryParse[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            jsoupFromDisk(files);
            diskParseCpu[i] = cpu.getCurrentThreadCpuTime() - c0;
            diskParse[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            c0 = cpu.getCurrentThreadCpuTime();
            checkAll(root, 1);
            check1Cpu[i] = cpu.getCurrentThreadCpuTime() - c0;
            check1[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            findings = checkAll(root, threads);
            checkN[i] = System.nanoTime() - t0;
        }
        double jm = median(memoryParse) / 1e9;
        double jd = median(diskParse) / 1e9;
        double c1 = median(check1) / 1e9;
        double cn = median(checkN) / 1e9;
        int n = files.size();
        System.out.printf("median of %d rounds, wall clock:%n", ROUNDS);
        System.out.printf("  jsoup alone, bodies already in memory:      %.3f s  %6.0f files/s%n", jm, n / jm);
        System.out.printf("  jsoup alone, reading each file (baseline): %.3f s  %6.0f files/s%n", jd, n / jd);
        System.out.printf("  whole check, 1 thread:                      %.3f s  %6.0f files/s%n", c1, n / c1);
        System.out.printf("  whole check, %d threads (default):          %.3f s  %6.0f files/s  (%d findings)%n", threads, cn, n / cn, findings);
        System.out.printf("ratio check/jsoup (default check vs baseline): %.2f  (target < 1.5)%n", cn / jd);
        System.out.printf("ratio check/jsoup, 1 thread vs baseline:       %.2f%n", c1 / jd);
        System.out.printf("ratio check/jsoup, 1 thread vs in-memory parse: %.2f%n", c1 / jm);
        System.out.printf("ratio check/jsoup, 1 thread vs baseline, CPU time of the thread (steadier on a busy machine): %.2f%n",
                median(check1Cpu) / median(diskParseCpu));
        memory(root, n);
    }

    /** The body as the format writes it: everything after the separator line. */
    static String body(String text) {
        int sep = text.indexOf("\n------");
        if (sep < 0) {
            return text;
        }
        int nl = text.indexOf('\n', sep + 1);
        return nl < 0 ? "" : text.substring(nl + 1);
    }

    static int jsoupOnly(List<String> bodies) {
        int elements = 0;
        for (String b : bodies) {
            Document d = Jsoup.parse(b);
            elements += d.body().childrenSize();
        }
        return elements;
    }

    /** jsoup as a user would run it on these files: read, decode, take the body, parse. */
    static int jsoupFromDisk(List<CorpusFile> files) throws IOException {
        int elements = 0;
        for (CorpusFile f : files) {
            Document d = Jsoup.parse(body(new String(Files.readAllBytes(f.file()), StandardCharsets.UTF_8)));
            elements += d.body().childrenSize();
        }
        return elements;
    }

    static int checkAll(Path root, int threads) throws IOException {
        int[] findings = {0};
        try (Stream<CheckedArticle> s = new Validator(RuleSettings.defaults(), threads).validate(root)) {
            s.forEach(c -> findings[0] += c.findings().size());
        }
        return findings[0];
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Heap used after GC, sampled while checking: flat means nothing per file is kept. */
    static void memory(Path root, int total) throws IOException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        int every = Math.max(1, total / 8);
        List<String> samples = new ArrayList<>();
        int[] n = {0};
        try (Stream<CheckedArticle> s = new Validator(RuleSettings.defaults()).validate(root)) {
            s.forEach(c -> {
                if (++n[0] % every == 0) {
                    System.gc();
                    samples.add(n[0] + ":" + mx.getHeapMemoryUsage().getUsed() / (1024 * 1024) + "MB");
                }
            });
        }
        System.out.println("heap used after GC while checking (files:heap): " + String.join(" ", samples));
    }
}
