package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB article under a 256 MiB heap, as cron runs it: a finding over {@code [corpus] max_file_size},
 * never loaded whole, so neither {@code check} nor {@code nightly} runs out of memory.
 */
class LargeArticleTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus/site"));
        // the only link is on loopback: the address guard refuses it, nothing leaves the machine
        Files.writeString(corpus.resolve("a.md"), "<!--1690379102000-->\n[a](http://127.0.0.1:9/a)\n------\n\n<p>body</p>\n");
        try (RandomAccessFile f = new RandomAccessFile(corpus.resolve("huge.md").toFile(), "rw")) {
            f.setLength(200L << 20); // sparse: 200 MB that take no disk
        }
        return dir.resolve("corpus");
    }

    private record Child(int code, String output) {
    }

    private Child java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.newskeeper.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("log-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 120 s:\n" + Files.readString(log));
        }
        return new Child(p.exitValue(), Files.readString(log));
    }

    @Test
    void aTwoHundredMegabyteArticleIsAFindingNotACrashOfCheckOrNightlyUnderA256MegabyteHeap() throws Exception {
        Path corpus = corpus();
        Child check = java("check", corpus.toString());
        assertThat(check.output()).doesNotContain("OutOfMemoryError").contains("huge.md").contains("max_file_size");
        assertThat(check.code()).as(check.output()).isEqualTo(Main.PROBLEMS);

        Child nightly = java("nightly", corpus.toString(), "--checks", dir.resolve("checks").toString(), "--out",
                dir.resolve("out").toString(), "--no-capture", "--quiet");
        assertThat(nightly.output()).doesNotContain("OutOfMemoryError").doesNotContain("a stage failed");
        assertThat(nightly.code()).as(nightly.output()).isEqualTo(Main.PROBLEMS);
    }
}
