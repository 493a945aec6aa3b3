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
 * <p>Run: {@code java -cp target/newskeeper.jar bench/PackBench.java ../shared/corpus/2020 [rounds]}
 */
public class PackBench {
    static final int LEVEL = 9; // org.netpreserve.jwarc.GzipChannel: new Deflater(9, true)

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PackBench CORPUS [rounds]");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        if (!Files.exists(corpus)) {
            System.err.println("PackBench: " + corpus + ": no such corpus (skipped)");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
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
            gzip(files, tmp.resolve("warm.gz"));
            pack(corpus, tmp.resolve("warm"), checked);
            pack(corpus, tmp.resolve("warm-full"), null);
            double bestGzip = 0;
            double bestPack = 0;
            double bestFull = 0;
            List<Double> ratios = new ArrayList<>();
            List<Double> fullRatios = new ArrayList<>();
            double cpuGzip = 0;
            double cpuPack = 0;
            double cpuFull = 0;
            for (int r = 0; r < rounds; r++) {
                long c0 = cpu();
                long t0 = System.nanoTime();
                long gz = gzip(files, tmp.resolve("r" + r + ".gz"));
                double gzipMbs = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                long c1 = cpu();
                long t1 = System.nanoTime();
                PackResult result = pack(corpus, tmp.resolve("r" + r), checked);
                double packMbs = bytes / 1e6 / ((System.nanoTime() - t1) / 1e9);
                long c2 = cpu();
                long t2 = System.nanoTime();
                pack(corpus, tmp.resolve("f" + r), null);
                double fullMbs = bytes / 1e6 / ((System.nanoTime() - t2) / 1e9);
                long c3 = cpu();
                long out = 0;
                for (Path w : result.warcs()) {
                    out += Files.size(w);
                }
                System.out.printf("round %d: gzip %.1f MB/s %.2f CPU-s (%d bytes out); pack %.1f MB/s %.2f CPU-s"
                        + " (%d articles, %d bytes of WARC); validate+pack %.1f MB/s %.2f CPU-s%n", r + 1, gzipMbs,
                        (c1 - c0) / 1e9, gz, packMbs, (c2 - c1) / 1e9, result.packed(), out, fullMbs, (c3 - c2) / 1e9);
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
