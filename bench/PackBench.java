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
 * and the median of the per-round ratios are printed.
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
            gzip(files, tmp.resolve("warm.gz")); // warm-up
            pack(corpus, tmp.resolve("warm"), checked);
            double bestGzip = 0;
            double bestPack = 0;
            double bestFull = 0;
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                long gz = gzip(files, tmp.resolve("r" + r + ".gz"));
                double gzipMbs = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                long t1 = System.nanoTime();
                PackResult result = pack(corpus, tmp.resolve("r" + r), checked);
                double packMbs = bytes / 1e6 / ((System.nanoTime() - t1) / 1e9);
                long t2 = System.nanoTime();
                pack(corpus, tmp.resolve("f" + r), null);
                double fullMbs = bytes / 1e6 / ((System.nanoTime() - t2) / 1e9);
                long out = 0;
                for (Path w : result.warcs()) {
                    out += Files.size(w);
                }
                System.out.printf("round %d: gzip %.1f MB/s (%d bytes out); pack %.1f MB/s (%d articles, %d bytes of WARC);"
                        + " validate+pack %.1f MB/s%n", r + 1, gzipMbs, gz, packMbs, result.packed(), out, fullMbs);
                bestGzip = Math.max(bestGzip, gzipMbs);
                bestPack = Math.max(bestPack, packMbs);
                bestFull = Math.max(bestFull, fullMbs);
                ratios.add(packMbs / gzipMbs);
            }
            ratios.sort(null);
            System.out.printf("pack (WARC writing of validated articles): %.1f MB/s; plain gzip level %d: %.1f MB/s"
                    + " (best of %d rounds each); ratio of bests %.0f%%, median per-round ratio %.0f%% (target >= 70%%)%n",
                    bestPack, LEVEL, bestGzip, rounds, 100 * bestPack / bestGzip, 100 * ratios.get(ratios.size() / 2));
            System.out.printf("validate+pack (end to end, as 'newskeeper pack'): %.1f MB/s, %.0f%% of gzip%n",
                    bestFull, 100 * bestFull / bestGzip);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
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
