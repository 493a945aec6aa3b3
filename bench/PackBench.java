import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.rules.Validator;
import org.newskeeper.warc.PackOptions;
import org.newskeeper.warc.PackResult;
import org.newskeeper.warc.Packer;

/**
 * Packing throughput against a baseline measured in the same run: plain java.util.zip gzip of the
 * same article bytes, one member per file, at the level jwarc's writer uses (9), written to a file
 * on the same disk. Rounds alternate; the machine is shared, so both the ratio of the best rounds
 * and the median of the per-round ratios are printed, and beside them the CPU time of the whole
 * process in each phase (all threads): gzip's CPU time over pack's is what the ratio would be on
 * one core, and it holds however busy the machine is.
 *
 * <p>Each round also prints the time the just-in-time compilers spent in each phase
 * ({@code CompilationMXBean}): a phase still being compiled is not yet measured at its steady speed,
 * and its CPU time includes the compilers'. {@code warm-up} (default 5) rounds of all three phases run
 * before the measured ones ({@code rounds} default 5).
 *
 * <p>Run: {@code java -cp target/newskeeper.jar bench/PackBench.java ../shared/corpus/2020 [rounds [warm-up]]}
 */
public class PackBench {
    static final int LEVEL = 9; // org.netpreserve.jwarc.GzipChannel: new Deflater(9, true)

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PackBench CORPUS [rounds [warm-up]]");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        if (!Files.exists(corpus)) {
            System.err.println("PackBench: " + corpus + ": no such corpus (skipped)");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<byte[]> files = new ArrayList<>();
        try (Stream<CorpusFile> s = Corpus.files(corpus)) {
            for (CorpusFile f : (Iterable<CorpusFile>) s::iterator) {
                files.add(Files.readAllBytes(f.file()));
            }
        }
        long bytes = files.stream().mapToLong(b -> b.length).sum();
        System.out.printf("corpus: %s, %d files, %.1f MB%n", corpus, files.size(), bytes / 1e6);

        Path tmp = Files.createTempDirectory("packbench");
        try {
            // The articles validated once, as the nightly does before it packs: the WARC writing is
            // what is compared with gzip. The end-to-end pack (validation included) is printed too.
            List<CheckedArticle> checked;
            try (Stream<CheckedArticle> s = new Validator(RuleSettings.defaults()).validate(corpus)) {
                checked = s.toList();
            }
            // warm-up of all three, so that the rounds compare compiled code (the just-in-time
            // compiler otherwise spends the first rounds of the validation on a second core)
            for (int w = 0; w < warmup; w++) {
                gzip(files, tmp.resolve("warm" + w + ".gz"));
                pack(corpus, tmp.resolve("warm" + w), checked);
                pack(corpus, tmp.resolve("warm-full" + w), null);
            }
            System.out.printf("%d warm-up round(s) of each phase%n", warmup);
            double bestGzip = 0;
            double bestPack = 0;
            double bestFull = 0;
            List<Double> ratios = new ArrayList<>();
            List<Double> fullRatios = new ArrayList<>();
            double cpuGzip = 0;
            double cpuPack = 0;
            double cpuFull = 0;
            for (int r = 0; r < rounds; r++) {
                long j0 = jit();
                long c0 = cpu();
                long t0 = System.nanoTime();
                long gz = gzip(files, tmp.resolve("r" + r + ".gz"));
                double gzipMbs = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                long c1 = cpu();
                long j1 = jit();
                long t1 = System.nanoTime();
                PackResult result = pack(corpus, tmp.resolve("r" + r), checked);
                double packMbs = bytes / 1e6 / ((System.nanoTime() - t1) / 1e9);
                long c2 = cpu();
                long j2 = jit();
                long t2 = System.nanoTime();
                pack(corpus, tmp.resolve("f" + r), null);
                double fullMbs = bytes / 1e6 / ((System.nanoTime() - t2) / 1e9);
                long c3 = cpu();
                long j3 = jit();
                long out = 0;
                for (Path w : result.warcs()) {
                    out += Files.size(w);
                }
                System.out.printf("round %d: gzip %.1f MB/s %.2f CPU-s (%d bytes out); pack %.1f MB/s %.2f CPU-s"
                        + " (%d articles, %d bytes of WARC); validate+pack %.1f MB/s %.2f CPU-s;"
                        + " JIT %.2f / %.2f / %.2f s%n", r + 1, gzipMbs,
                        (c1 - c0) / 1e9, gz, packMbs, (c2 - c1) / 1e9, result.packed(), out, fullMbs, (c3 - c2) / 1e9,
                        (j1 - j0) / 1e3, (j2 - j1) / 1e3, (j3 - j2) / 1e3);
                bestGzip = Math.max(bestGzip, gzipMbs);
                bestPack = Math.max(bestPack, packMbs);
                bestFull = Math.max(bestFull, fullMbs);
                ratios.add(packMbs / gzipMbs);
                fullRatios.add(fullMbs / gzipMbs);
                cpuGzip += c1 - c0;
                cpuPack += c2 - c1;
                cpuFull += c3 - c2;
            }
            ratios.sort(null);
            fullRatios.sort(null);
            System.out.printf("pack (WARC writing of validated articles): %.1f MB/s; plain gzip level %d: %.1f MB/s"
                    + " (best of %d rounds each); ratio of bests %.0f%%, median per-round ratio %.0f%% (target >= 70%%);"
                    + " CPU time gzip/pack %.0f%%%n",
                    bestPack, LEVEL, bestGzip, rounds, 100 * bestPack / bestGzip, 100 * ratios.get(ratios.size() / 2),
                    100 * cpuGzip / cpuPack);
            System.out.printf("validate+pack (end to end, as 'newskeeper pack'): %.1f MB/s; ratio of bests %.0f%%,"
                    + " median per-round ratio %.0f%% (target >= 50%%); CPU time gzip/validate+pack %.0f%%%n",
                    bestFull, 100 * bestFull / bestGzip, 100 * fullRatios.get(fullRatios.size() / 2), 100 * cpuGzip / cpuFull);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** CPU time of the whole process so far (every thread, GC and compilers included), in nanoseconds. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Milliseconds the just-in-time compilers have spent so far (summed over compiler threads). */
    static long jit() {
        java.lang.management.CompilationMXBean c = java.lang.management.ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }

    /** gzip of each file as its own member, into one file on the same disk as the WARCs. */
    static long gzip(List<byte[]> files, Path target) throws IOException {
        Counting sink = new Counting(new java.io.BufferedOutputStream(Files.newOutputStream(target), 1 << 16));
        for (byte[] f : files) {
            GZIPOutputStream z = new GZIPOutputStream(sink, 8192) {
                {
                    def.setLevel(LEVEL);
                }
            };
            z.write(f);
            z.finish();
            z.close();
        }
        sink.out.close();
        return sink.count;
    }

    /** Packs with {@code --all}; the articles given, or validating the corpus when {@code checked} is null. */
    static PackResult pack(Path corpus, Path work, List<CheckedArticle> checked) throws IOException {
        Packer packer = new Packer(PackOptions.builder(corpus).out(work.resolve("out")).database(work.resolve("db.sqlite"))
                .all(true).build());
        return checked == null ? packer.pack() : packer.pack(checked.stream());
    }

    static final class Counting extends OutputStream {
        final OutputStream out;
        long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public void close() {
            // the sink outlives each gzip stream
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
