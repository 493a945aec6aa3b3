package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL the nightly right after its pack rotated to a new WARC file (the first, second and third
 * rotation, {@code --max-size 1M}), then run it again: the WARCs must hold exactly the captured URLs
 * and archived articles of an uninterrupted run, each article once, with a clean verify. This is the
 * kill that used to lose captures for good: an article's records were in the closed file while its
 * captures went into the next one, still {@code .open} at the kill, and the article counted as archived.
 */
class NightlyRotationKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ARTICLES = 200;
    private static final int IMAGE_BYTES = 2 * 1024;
    private static final int BODY_CHARS = 40_000;
    private static final long LIMIT_SECONDS = 180;

    @TempDir
    static Path base;
    static HttpServer server;
    static Path corpus;
    static Archive uninterrupted;
    static int uninterruptedExit;

    @TempDir
    Path dir;

    /** What the WARC folder holds: captured URLs, archived articles and how often each was archived. */
    record Archive(Set<String> captured, Map<String, Integer> articles) {
    }

    @BeforeAll
    static void serveAndRunOnceUninterrupted() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            int status = 200;
            if (path.matches("/a/\\d+")) {
                body = ("<html><body><h1>Article " + path + "</h1><p>" + "text ".repeat(100) + "</p></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (path.matches("/img/\\d+\\.jpg")) {
                body = new byte[IMAGE_BYTES];
                new Random(path.hashCode()).nextBytes(body);
                type = "image/jpeg";
            } else {
                body = "not found".getBytes(StandardCharsets.UTF_8);
                type = "text/plain";
                status = 404;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        String origin = "http://127.0.0.1:" + server.getAddress().getPort();
        corpus = Files.createDirectories(base.resolve("corpus/rfi"));
        // large articles and small captures: the group that crosses the size limit is nearly always an
        // article's own records, so without the right order its captures would land in the next file
        Random random = new Random(42);
        for (int i = 0; i < ARTICLES; i++) {
            StringBuilder text = new StringBuilder(BODY_CHARS);
            for (int c = 0; c < BODY_CHARS; c++) {
                text.append(c % 7 == 6 ? ' ' : (char) ('a' + random.nextInt(26)));
            }
            String id = String.format("%07d", 1_000_000 + i);
            Files.writeString(corpus.resolve(id + ".md"), "<!--" + (1_690_379_102_000L + i * 1000L) + "-->\n[Article "
                    + i + "](" + origin + "/a/" + i + ")\n------\n\n<div>26/07/2023 - 15:39</div><img src=\"" + origin
                    + "/img/" + i + ".jpg\"><p>Paragraph " + i + " " + text + "</p>\n", StandardCharsets.UTF_8);
        }
        corpus = corpus.getParent();
        Path log = base.resolve("uninterrupted.log");
        Process p = nightly(base.resolve("checks"), base.resolve("out"), log);
        assertThat(p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).as("uninterrupted run in time").isTrue();
        uninterruptedExit = p.exitValue();
        assertThat(uninterruptedExit).as(Files.readString(log)).isIn(0, 1);
        uninterrupted = archive(base.resolve("out"));
        assertThat(uninterrupted.captured()).as("every page and image captured").hasSize(2 * ARTICLES);
        assertThat(uninterrupted.articles()).hasSize(ARTICLES);
        assertThat(warcs(base.resolve("out"))).as("the run rotated several times").isGreaterThanOrEqualTo(4);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static Process nightly(Path checks, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.newskeeper.cli.Main", "nightly", corpus.toString(),
                "--checks", checks.toString(), "--out", out.toString(), "--allow-private", "--max-size", "1M",
                "--per-host", "8", "--per-host-interval", "0", "--no-archive-lookup", "--quiet"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @ParameterizedTest(name = "killed right after rotation {0}")
    @ValueSource(ints = {1, 2, 3})
    void killedRightAfterARotationTheRerunHoldsTheCapturesOfAnUninterruptedRun(int rotation) throws Exception {
        Path checks = dir.resolve("checks");
        Path out = dir.resolve("out");
        Path log = dir.resolve("killed.log");
        Process p = nightly(checks, out, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        // the first file is closed at the first rotation: N final files mean N rotations happened
        while (warcs(out) < rotation && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(p.isAlive()).as("still packing at the kill point:\n" + Files.readString(log)).isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Archive killed = archive(out);
        assertThat(killed.captured()).as("the kill came before the end").hasSizeLessThan(2 * ARTICLES);

        Path again = dir.resolve("again.log");
        Process rerun = nightly(checks, out, again);
        assertThat(rerun.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(rerun.exitValue()).as(Files.readString(again)).isEqualTo(uninterruptedExit);

        Archive after = archive(out);
        assertThat(after.captured()).as("the captured URLs of an uninterrupted run").isEqualTo(uninterrupted.captured());
        assertThat(after.articles().keySet()).isEqualTo(uninterrupted.articles().keySet());
        assertThat(after.articles()).as("every article archived exactly once").allSatisfy((k, v) -> assertThat(v).isOne());
        JsonNode report = JSON.readTree(checks.resolve("latest/report.json").toFile());
        List<String> verifyProblems = new ArrayList<>();
        report.path("problems").forEach(pr -> {
            if (pr.path("stage").asText().equals("verify")) {
                verifyProblems.add(pr.toString());
            }
        });
        assertThat(verifyProblems).as("verify is clean").isEmpty();
    }

    static long warcs(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".warc.gz")).count();
        }
    }

    /** The captured URLs and archived articles that the CDXJ files beside the final WARCs list. */
    static Archive archive(Path out) throws IOException {
        Set<String> captured = new TreeSet<>();
        Map<String, Integer> articles = new TreeMap<>();
        if (!Files.isDirectory(out)) {
            return new Archive(captured, articles);
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path cdxj : files.filter(f -> f.toString().endsWith(".cdxj")).toList()) {
                for (String line : Files.readAllLines(cdxj)) {
                    JsonNode j = JSON.readTree(line.substring(line.indexOf('{')));
                    String url = j.path("url").asText();
                    if (url.startsWith("urn:")) {
                        articles.merge(url, 1, Integer::sum);
                    } else {
                        captured.add(url);
                    }
                }
            }
        }
        return new Archive(captured, articles);
    }
}
