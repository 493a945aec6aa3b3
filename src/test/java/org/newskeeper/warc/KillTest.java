package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KillTest {
    @TempDir
    Path work;

    @Test
    void sigkillInTheMiddleOfAPackLosesNothingAndTheNextRunPacksEachArticleExactlyOnce() throws Exception {
        Path corpus = Files.createDirectories(work.resolve("corpus/site"));
        Random random = new Random(42);
        int n = 2500;
        for (int i = 0; i < n; i++) {
            StringBuilder body = new StringBuilder();
            for (int w = 0; w < 1500; w++) {
                body.append((char) ('a' + random.nextInt(26))).append((char) ('a' + random.nextInt(26))).append(' ');
            }
            Files.writeString(corpus.resolve(String.format("%05d.md", i)),
                    Fixtures.article(1_600_000_000_000L + i, "t" + i, "https://example.org/" + i, "<p>" + body + "</p>"),
                    StandardCharsets.UTF_8);
        }
        Path out = work.resolve("out");
        Path db = work.resolve("db.sqlite");
        Process p = new ProcessBuilder(Peers.java(), "-cp", Peers.classPath(), "org.newskeeper.cli.Main", "pack",
                work.resolve("corpus").toString(), "--out", out.toString(), "--db", db.toString(), "--max-size", "256K")
                .redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (finals(out) < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(p.isAlive()).as("the pack is still running when it is killed; log: %s",
                Files.exists(work.resolve("child.log")) ? Files.readString(work.resolve("child.log")) : "").isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);

        // what is under a final name is complete
        List<Path> survivors = Fixtures.warcs(out);
        assertThat(survivors).isNotEmpty();
        assertThat(Verifier.verify(List.of(out), Optional.empty()).problems()).isEmpty();
        int before = resources(survivors).size();
        assertThat(before).isLessThan(n);

        PackResult rerun = new Packer(PackOptions.builder(work.resolve("corpus")).out(out).database(db)
                .maxSize(256 * 1024).build()).pack();

        assertThat(rerun.packed() + rerun.unchanged()).isEqualTo(n);
        Map<String, Integer> counts = new HashMap<>();
        for (String target : resources(Fixtures.warcs(out))) {
            counts.merge(target, 1, Integer::sum);
        }
        assertThat(counts).hasSize(n);
        assertThat(counts.values()).allMatch(c -> c == 1);
        assertThat(Verifier.verify(List.of(out), Optional.of(work.resolve("corpus"))).problems()).isEmpty();
        try (var s = Files.list(out)) {
            assertThat(s.map(x -> x.getFileName().toString())).noneMatch(x -> x.endsWith(".open"));
        }
    }

    private static long finals(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (var s = Files.list(out)) {
            return s.filter(x -> x.getFileName().toString().endsWith(".warc.gz")).count();
        }
    }

    private static List<String> resources(List<Path> warcs) throws IOException {
        List<String> targets = new ArrayList<>();
        for (Fixtures.Rec r : Fixtures.records(warcs)) {
            if (r.type().equals("resource")) {
                targets.add(r.field("WARC-Target-URI"));
            }
        }
        return targets;
    }
}
