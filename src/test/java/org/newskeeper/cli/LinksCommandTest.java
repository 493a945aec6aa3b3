package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.linkstate.LinkStatus;

class LinksCommandTest {
    @TempDir
    Path dir;
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return new MockResponse.Builder().code(r.getUrl().encodedPath().startsWith("/gone") ? 404 : 200).build();
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int code, String out, String err) {
    }

    private Run links(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("links"));
        all.addAll(List.of(args));
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private Path corpus(String... sources) throws IOException {
        Path root = dir.resolve("corpus/rfi");
        Files.createDirectories(root);
        for (int i = 0; i < sources.length; i++) {
            Files.writeString(root.resolve(i + ".md"), "<!--1690379102000-->\n[Title " + i + "](" + sources[i]
                    + ")\n------\n\n<div>26/07/2023 - 15:39</div><p>text</p>\n");
        }
        return dir.resolve("corpus");
    }

    @Test
    void jsonHasExactlyTheContractFields() throws IOException {
        Path corpus = corpus(server.url("/cn/a").toString(), server.url("/gone/b").toString());
        Run r = links(corpus.toString(), "--format", "json", "--db", dir.resolve("l.sqlite").toString(),
                "--allow-private", "--timeout", "1", "--no-soft-404-probe", "--config", write("empty.toml", ""));
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("summary").get("ok").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("broken").asInt()).isEqualTo(1);
        assertThat(json.get("summary").size()).isEqualTo(LinkStatus.values().length);
        JsonNode link = json.get("links").get(1);
        for (String key : List.of("url", "status", "code", "final_url", "redirects", "error", "referrers", "first_seen",
                "last_ok", "consecutive_failures", "confirmed", "from_history", "is_new", "resumed")) {
            assertThat(link.has(key)).as(key).isTrue();
        }
        assertThat(link.get("url").asText()).isEqualTo(server.url("/gone/b").toString());
        assertThat(link.get("status").asText()).isEqualTo("broken");
        assertThat(link.get("code").asInt()).isEqualTo(404);
        assertThat(link.get("last_ok").isNull()).isTrue();
        assertThat(link.get("consecutive_failures").asInt()).isEqualTo(1);
        assertThat(link.get("confirmed").asBoolean()).isFalse();
        assertThat(link.get("referrers").get(0).get("path").asText()).isEqualTo("rfi/1.md");
        assertThat(link.get("referrers").get(0).get("role").asText()).isEqualTo("source");
    }

    @Test
    void withNoHostAnsweringLinksSaysTheNetworkIsUnavailableAndExitsThree() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        List<String> sources = new ArrayList<>();
        for (int i = 1; i <= 6; i++) { // six loopback hosts, none listening: every connection refused
            sources.add("http://127.0.0." + i + ":" + closed + "/story/" + i);
        }
        Path corpus = corpus(sources.toArray(String[]::new));
        String db = dir.resolve("offline.sqlite").toString();
        String config = write("empty.toml", "");
        Run text = links(corpus.toString(), "--db", db, "--allow-private", "--timeout", "1", "--config", config);
        assertThat(text.code()).as(text.err()).isEqualTo(Main.INTERNAL);
        assertThat(text.out()).contains("network unavailable: link results not counted (6 of 6 hosts unreachable");

        Run json = links(corpus.toString(), "--format", "json", "--db", db, "--allow-private", "--timeout", "1",
                "--config", config);
        assertThat(json.code()).isEqualTo(Main.INTERNAL);
        assertThat(json.err()).startsWith("network unavailable: link results not counted");
        JsonNode run = new ObjectMapper().readTree(json.out()).get("run");
        assertThat(run.get("network_unavailable").asText()).startsWith("network unavailable");
        assertThat(run.get("confirmed").asInt()).isZero();
    }

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void aConfirmedBrokenLinkExitsOneAndTheTextSaysSo() throws IOException {
        String gone = server.url("/gone/c").toString();
        Path db = dir.resolve("nights.sqlite");
        // two earlier nights of failures, 48 and 24 hours ago
        try (Database d = Database.open(db)) {
            for (int night = 2; night >= 1; night--) {
                Instant then = Instant.now().minus(Duration.ofHours(24L * night));
                LinkHistory h = new LinkHistory(d, Clock.fixed(then, ZoneOffset.UTC));
                long run = h.startRun();
                h.record(run, new LinkObservation(gone, then, LinkStatus.BROKEN, Optional.of(404), Optional.of(gone),
                        List.of(), Optional.of("HTTP 404")), 3, Duration.ofHours(48));
                h.finishRun(run, 1, 1);
            }
        }
        Run r = links(corpus(gone).toString(), "--db", db.toString(), "--allow-private", "--no-soft-404-probe",
                "--config", write("empty.toml", ""));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.PROBLEMS);
        assertThat(r.out()).contains("broken").contains(gone).contains("[confirmed]").contains("in rfi/0.md:2 (source)")
                .contains("1 confirmed broken");
    }

    @Test
    void withSeveralPathsReferrersNameTheFilesAsFound() throws IOException {
        Path corpus = corpus(server.url("/cn/a").toString());
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.copy(corpus.resolve("rfi/0.md"), other.resolve("0.md"));
        Run r = links(corpus.resolve("rfi").toString(), other.toString(), "--db", dir.resolve("s.sqlite").toString(),
                "--format", "json", "--allow-private", "--no-soft-404-probe", "--config", write("empty.toml", ""));
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        JsonNode refs = new ObjectMapper().readTree(r.out()).get("links").get(0).get("referrers");
        assertThat(refs).hasSize(2);
        assertThat(refs.get(0).get("path").asText()).isEqualTo(corpus.resolve("rfi/0.md").toString());
        assertThat(refs.get(1).get("path").asText()).isEqualTo(other.resolve("0.md").toString());
    }

    @Test
    void excludedUrlsAreNotRequested() throws IOException {
        Run r = links(corpus(server.url("/cn/a").toString()).toString(), "--db", dir.resolve("e.sqlite").toString(),
                "--format", "json", "--allow-private", "--exclude", "/cn/", "--config", write("empty.toml", ""));
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("\"excluded\" : 1");
        assertThat(server.getRequestCount()).isZero();
        assertThat(links(dir.toString(), "--exclude", "(", "--config", write("empty.toml", "")).code()).isEqualTo(Main.USAGE);
    }

    @Test
    void privateAddressesAreRefusedWithoutTheFlag() throws IOException {
        Run r = links(corpus(server.url("/cn/a").toString()).toString(), "--db", dir.resolve("p.sqlite").toString(),
                "--format", "json", "--config", write("empty.toml", ""));
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("\"private-address\" : 1");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void loopbackSpelledInIpv6EmbeddingsOrOctalIsAPrivateAddressAndNeverRequested() throws IOException {
        int port = server.getPort();
        Path corpus = corpus("http://[::7f00:1]:" + port + "/a", "http://[64:ff9b::7f00:1]:" + port + "/b",
                "http://[2002:7f00:1::1]:" + port + "/c", "http://[::ffff:0:7f00:1]:" + port + "/d",
                "http://0177.0.0.1:" + port + "/e");
        Run r = links(corpus.toString(), "--db", dir.resolve("p5.sqlite").toString(), "--format", "json",
                "--config", write("empty.toml", ""));
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("\"private-address\" : 5");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void badUsageExitsTwoWithOneLine() throws IOException {
        String db = dir.resolve("u.sqlite").toString();
        String cfg = write("empty.toml", "");
        assertThat(links(dir.resolve("missing").toString(), "--db", db, "--config", cfg).code()).isEqualTo(Main.USAGE);
        Path corpus = corpus(server.url("/x").toString());
        Run format = links(corpus.toString(), "--format", "xml", "--db", db, "--config", cfg);
        assertThat(format.code()).isEqualTo(Main.USAGE);
        assertThat(format.err()).contains("--format").hasLineCount(1);
        assertThat(links(corpus.toString(), "--max-age", "soon", "--db", db, "--config", cfg).code()).isEqualTo(Main.USAGE);
        assertThat(links(corpus.toString(), "--per-host", "0", "--db", db, "--config", cfg).code()).isEqualTo(Main.USAGE);
        assertThat(links(corpus.toString(), "--proxy", "socks://x:1", "--db", db, "--config", cfg).code()).isEqualTo(Main.USAGE);
        Run badConfig = links(corpus.toString(), "--db", db, "--config", write("bad.toml", "[links]\nconcurrency = \"many\"\n"));
        assertThat(badConfig.code()).isEqualTo(Main.USAGE);
        assertThat(badConfig.err()).contains("bad.toml").contains("concurrency");
        assertThat(links().code()).isEqualTo(Main.USAGE);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void allowPrivateAsTheNumberOneInTheConfigExitsTwoAndNeverConnectsToLoopback() throws IOException {
        Path corpus = corpus(server.url("/cn/a").toString());
        for (String line : List.of("allow_private = 1", "allow_private = \"yes\"", "soft_404_probe = \"no\"")) {
            String key = line.substring(0, line.indexOf(' '));
            Run r = links(corpus.toString(), "--db", dir.resolve("p.sqlite").toString(),
                    "--config", write("typed.toml", "[links]\n" + line + "\n"));
            assertThat(r.code()).as(line).isEqualTo(Main.USAGE);
            assertThat(r.err()).as(line).contains("typed.toml").contains("[links]").contains(key).hasLineCount(1);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anUnknownLinksKeyExitsTwoWithOneLineNamingIt() throws IOException {
        Path corpus = corpus(server.url("/cn/a").toString());
        Run r = links(corpus.toString(), "--db", dir.resolve("k.sqlite").toString(), "--allow-private",
                "--config", write("typo.toml", "[links]\nper_hots = 2\n"));
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("typo.toml").contains("per_hots").hasLineCount(1);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anInterruptedRunIsCompletedUnlessNoResumeIsGiven() throws IOException {
        String gone = server.url("/gone/k").toString();
        Path corpus = corpus(server.url("/cn/k").toString());
        Files.writeString(corpus.resolve("rfi/1.md"), "<!--1690379102000-->\n[Title](" + gone
                + ")\n------\n\n<div>26/07/2023 - 15:39</div><p>text</p>\n");
        Path db = dir.resolve("killed.sqlite");
        long killed;
        try (Database d = Database.open(db)) {
            // a run killed an hour ago after observing one failure
            Instant then = Instant.now().minus(Duration.ofHours(1));
            LinkHistory h = new LinkHistory(d, Clock.fixed(then, ZoneOffset.UTC));
            killed = h.startRun();
            h.record(killed, new LinkObservation(gone, then, LinkStatus.BROKEN, Optional.of(404), Optional.of(gone),
                    List.of(), Optional.of("HTTP 404")), 3, Duration.ofHours(48));
        }
        String cfg = write("empty.toml", "");
        Run r = links(corpus.toString(), "--db", db.toString(), "--format", "json", "--allow-private",
                "--no-soft-404-probe", "--config", cfg);
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("run").get("id").asLong()).isEqualTo(killed);
        assertThat(json.get("run").get("resumed").asBoolean()).isTrue();
        assertThat(json.get("run").get("requested").asInt()).isEqualTo(2);
        JsonNode link = json.get("links").get(1);
        assertThat(link.get("url").asText()).isEqualTo(gone);
        assertThat(link.get("resumed").asBoolean()).isTrue();
        assertThat(link.get("from_history").asBoolean()).isFalse();
        assertThat(link.get("consecutive_failures").asInt()).isEqualTo(1);
        assertThat(server.getRequestCount()).as("only the URL not observed before the kill").isEqualTo(1);

        try (Database d = Database.open(db)) {
            LinkHistory h = new LinkHistory(d);
            long again = h.startRun();
            h.record(again, new LinkObservation(gone, Instant.now(), LinkStatus.BROKEN, Optional.of(404), Optional.of(gone),
                    List.of(), Optional.of("HTTP 404")), 3, Duration.ofHours(48));
        }
        Run fresh = links(corpus.toString(), "--db", db.toString(), "--allow-private", "--no-soft-404-probe",
                "--no-resume", "--config", cfg);
        assertThat(fresh.code()).as(fresh.err()).isEqualTo(Main.OK);
        assertThat(fresh.out()).doesNotContain("resumed");
        assertThat(server.getRequestCount()).as("--no-resume checks the failure again (a GET alone: it failed before)").isEqualTo(1 + 1);
    }
}
