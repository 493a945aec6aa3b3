package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.LinkRun;

/** {@code newskeeper links} SIGKILLed in a child JVM part-way, then started again. */
class LinksKillTest {
    @TempDir
    Path dir;

    @Test
    void aLinksRunKilledWithSigkillIsCompletedWithoutRequestingOrCountingAnythingTwice() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
                    String path = r.getUrl().encodedPath();
                    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(100);
                    return new MockResponse.Builder().code(path.startsWith("/gone") ? 404 : 200).build();
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
            Path corpus = dir.resolve("corpus/rfi");
            Files.createDirectories(corpus);
            for (int i = 0; i < 16; i++) {
                String source = server.url((i % 2 == 0 ? "/cn/" : "/gone/") + i).toString();
                Files.writeString(corpus.resolve(i + ".md"), "<!--1690379102000-->\n[Title " + i + "](" + source
                        + ")\n------\n\n<div>26/07/2023 - 15:39</div><p>text</p>\n");
            }
            Path db = dir.resolve("links.sqlite");
            Path cfg = Files.writeString(dir.resolve("empty.toml"), "");
            List<String> args = List.of("links", dir.resolve("corpus").toString(), "--db", db.toString(), "--allow-private",
                    "--no-soft-404-probe", "--concurrency", "1", "--per-host", "1", "--per-host-interval", "0",
                    "--config", cfg.toString(), "--format", "json");

            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(args);
            Path log = dir.resolve("killed.log");
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (server.getRequestCount() < 9) {
                    assertThat(child.isAlive()).as("the child ended before the kill:\n" + Files.readString(log)).isTrue();
                    assertThat(System.nanoTime()).as("the child requested too little").isLessThan(deadline);
                    Thread.sleep(10);
                }
                Thread.sleep(50);
                assertThat(child.isAlive()).as("the child ended before the kill:\n" + Files.readString(log)).isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }

            long killed;
            Set<String> observed;
            try (Database d = Database.open(db)) {
                LinkHistory h = new LinkHistory(d);
                LinkRun run = h.latestRun().orElseThrow();
                assertThat(run.finished()).isEmpty();
                killed = run.id();
                observed = h.observedIn(killed);
            }
            assertThat(observed).as("the killed run had recorded failures and alive URLs")
                    .anyMatch(u -> u.contains("/gone/")).anyMatch(u -> u.contains("/cn/")).hasSizeLessThan(16);
            Map<String, Integer> before = new HashMap<>();
            hits.forEach((k, v) -> before.put(k, v.get()));

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
            assertThat(code).as(err.toString()).isEqualTo(Main.OK);

            JsonNode json = new ObjectMapper().readTree(out.toString());
            assertThat(json.get("run").get("id").asLong()).isEqualTo(killed);
            assertThat(json.get("run").get("resumed").asBoolean()).isTrue();
            assertThat(json.get("run").get("requested").asInt()).isEqualTo(16);
            assertThat(json.get("summary").get("ok").asInt()).isEqualTo(8);
            assertThat(json.get("summary").get("broken").asInt()).isEqualTo(8);
            for (JsonNode link : json.get("links")) {
                String url = link.get("url").asText();
                String path = HttpUrl.get(url).encodedPath();
                assertThat(link.get("resumed").asBoolean()).as(url).isEqualTo(observed.contains(url));
                assertThat(link.get("is_new").asBoolean()).as(url).isTrue();
                assertThat(link.get("consecutive_failures").asInt()).as(url).isEqualTo(path.startsWith("/gone") ? 1 : 0);
                if (observed.contains(url)) {
                    assertThat(hits.get(path).get()).as("no second request for " + url).isEqualTo(before.get(path));
                }
            }
            try (Database d = Database.open(db)) {
                LinkHistory h = new LinkHistory(d);
                assertThat(h.runs()).hasSize(1).allMatch(r -> r.finished().isPresent());
                for (JsonNode link : json.get("links")) {
                    assertThat(h.observations(link.get("url").asText())).as(link.get("url").asText()).hasSize(1);
                }
            }
        }
    }
}
