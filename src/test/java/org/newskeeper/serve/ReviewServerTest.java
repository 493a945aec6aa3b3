package org.newskeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.check.capture.RawServer;
import org.newskeeper.cli.Main;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.history.Preservation;
import org.newskeeper.history.Triage;
import org.newskeeper.history.TriageStore;
import org.newskeeper.warc.PackOptions;
import org.newskeeper.warc.PackResult;
import org.newskeeper.warc.Packer;

/** The review server against a real capture: pack --capture of a loopback site, then the site gone. */
class ReviewServerTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};
    private static final String PAGE = "<html><head><title>Story</title></head><body><h1>The captured story</h1>"
            + "<img src=\"/img/photo.png\"><a href=\"/other\">other</a></body></html>";

    @TempDir
    Path work;
    Path checks;
    Path out;
    RawServer site;
    String pageUrl;
    String imageUrl;
    ReviewServer server;

    @BeforeEach
    void captureThenLose() throws IOException {
        site = new RawServer().on("/news/story", RawServer.ok("text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8)))
                .on("/img/photo.png", RawServer.ok("image/png", PNG));
        pageUrl = site.url("/news/story");
        imageUrl = site.url("/img/photo.png");
        Path corpus = Files.createDirectories(work.resolve("corpus/site"));
        Files.writeString(corpus.resolve("story.md"), "<!--1690000000000-->\n[Story](" + pageUrl + ")\n------\n\n"
                + "<p>text</p><img src=\"" + imageUrl + "\">\n", StandardCharsets.UTF_8);
        checks = Files.createDirectories(work.resolve("checks"));
        out = work.resolve("warc-output");
        PackResult r = new Packer(PackOptions.builder(work.resolve("corpus")).out(out).database(checks.resolve("links.sqlite"))
                .capture(true).wacz(true).addressPolicy(AddressPolicy.ALLOW_PRIVATE).build()).pack();
        assertThat(r.captured()).isEqualTo(2);
        site.close(); // night 2: the site is gone
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            LinkHistory h = new LinkHistory(db);
            long run = h.startRun();
            h.record(run, new LinkObservation(pageUrl, Instant.now(), LinkStatus.BROKEN, Optional.of(404),
                    Optional.of(pageUrl), List.of(), Optional.of("HTTP 404")), 3, Duration.ofHours(48));
            h.finishRun(run, 1, 1);
        }
        Path latest = Files.createDirectories(checks.resolve("latest"));
        Files.writeString(latest.resolve("report.html"), "<!doctype html><html><head><title>r</title></head><body>report</body></html>");
        Files.writeString(work.resolve("secret.txt"), "secret");
        server = ReviewServer.start(InetAddress.getLoopbackAddress(), 0, checks, out, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    record Answer(int code, String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One raw HTTP/1.1 request (raw so that any Host and any path can be sent). */
    private Answer request(String method, String target, String host, String... headersAndBody) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.setSoTimeout(10_000);
            String body = headersAndBody.length % 2 == 1 ? headersAndBody[headersAndBody.length - 1] : "";
            StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headersAndBody.length; i += 2) {
                req.append(headersAndBody[i]).append(": ").append(headersAndBody[i + 1]).append("\r\n");
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (method.equals("POST")) {
                req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream o = s.getOutputStream();
            o.write(req.toString().getBytes(StandardCharsets.UTF_8));
            o.write(b);
            o.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            int code = Integer.parseInt(head.split(" ")[1]);
            byte[] rest = Arrays.copyOfRange(all, split + 4, all.length);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            return new Answer(code, head, rest);
        }
    }

    private static byte[] dechunk(byte[] b) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int eol = i;
            while (b[eol] != '\r') {
                eol++;
            }
            int n = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (n == 0) {
                break;
            }
            o.write(b, eol + 2, n);
            i = eol + 2 + n + 2;
        }
        return o.toByteArray();
    }

    private String local() {
        return "127.0.0.1:" + server.address().getPort();
    }

    @Test
    void itIsBoundToLoopbackOnlyAndRefusesOtherBindAddresses() throws IOException {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.url().toString()).startsWith("http://127.0.0.1:");
        assertThatThrownBy(() -> ReviewServer.start(InetAddress.getByName("0.0.0.0"), 0, checks, out, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--bind", "0.0.0.0",
                "--port", "0", "--checks", checks.toString(), "--out", out.toString());
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("loopback");
        int named = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--bind", "example.org",
                "--port", "0", "--checks", checks.toString());
        assertThat(named).isEqualTo(Main.USAGE);
    }

    @Test
    void aPostWithoutTheTokenIsRefusedAndOneWithTheServedTokenIsStored() throws IOException {
        Answer noToken = request("POST", "/triage", local(), "url=" + pageUrl + "&as=handled");
        assertThat(noToken.code()).isEqualTo(403);
        Answer wrong = request("POST", "/triage", local(), ReviewServer.TOKEN_HEADER, "0000", "url=" + pageUrl + "&as=handled");
        assertThat(wrong.code()).isEqualTo(403);
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            assertThat(new TriageStore(db).all()).isEmpty();
        }

        Answer page = request("GET", "/report/report.html", local());
        assertThat(page.code()).isEqualTo(200);
        Matcher m = Pattern.compile("<meta name=\"newskeeper-token\" content=\"([0-9a-f]+)\">").matcher(page.text());
        assertThat(m.find()).isTrue();
        Answer ok = request("POST", "/triage", local(), ReviewServer.TOKEN_HEADER, m.group(1),
                "url=" + java.net.URLEncoder.encode(pageUrl, StandardCharsets.UTF_8) + "&as=false-positive&note=fine");
        assertThat(ok.code()).as(ok.text()).isEqualTo(200);
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            Triage t = new TriageStore(db).of(pageUrl).orElseThrow();
            assertThat(t.decision()).isEqualTo(Triage.Decision.FALSE_POSITIVE);
            assertThat(t.note()).contains("fine");
        }
        Answer unknown = request("POST", "/triage", local(), "url=https://never.example/&as=handled&token=" + m.group(1));
        assertThat(unknown.code()).isEqualTo(400);
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedSoDnsRebindingFails() throws IOException {
        assertThat(request("GET", "/report/report.html", "evil.example").code()).isEqualTo(403);
        assertThat(request("GET", "/report/report.html", "evil.example:" + server.address().getPort()).code()).isEqualTo(403);
        assertThat(request("POST", "/triage", "evil.example", "url=" + pageUrl + "&as=handled").code()).isEqualTo(403);
        assertThat(request("GET", "/report/report.html", "localhost:" + server.address().getPort()).code()).isEqualTo(200);
    }

    @Test
    void dotDotAbsoluteAndSymlinkedPathsCannotEscapeTheReportFolder() throws IOException {
        for (String path : List.of("/report/../links.sqlite", "/report/%2e%2e/links.sqlite", "/report/..%2Flinks.sqlite",
                "/report/%2E%2E%2F%2E%2E%2Fsecret.txt", "/report//etc/passwd", "/report/%2Fetc%2Fpasswd",
                "/report/..\\..\\secret.txt", "/report/C:%5Cwindows", "/../secret.txt", "/links.sqlite",
                "/warc-output/", "/report/nothing.html")) {
            Answer a = request("GET", path, local());
            assertThat(a.code()).as(path).isIn(400, 404);
            assertThat(a.text()).as(path).doesNotContain("secret").doesNotContain("SQLite");
        }
        Path link = checks.resolve("latest/leak.txt");
        try {
            Files.createSymbolicLink(link, work.resolve("secret.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symlinks here
        }
        assertThat(request("GET", "/report/leak.txt", local()).code()).isEqualTo(404);
    }

    @Test
    void theIconABrowserAsksForIsNoContentNotAnError() throws IOException {
        assertThat(request("GET", "/favicon.ico", local()).code()).isEqualTo(204);
        assertThat(request("GET", "/favicon.ico", "evil.example").code()).as("the Host check comes first").isEqualTo(403);
    }

    @Test
    void aUrlOutsideTheArchivesGivesNotFound() throws IOException {
        assertThat(request("GET", "/replay/20260101000000/https://not.archived.example/", local()).code()).isEqualTo(404);
        assertThat(request("GET", "/replay/https://not.archived.example/", local()).code()).isEqualTo(404);
        assertThat(request("GET", "/nothing-here", local()).code()).isEqualTo(404);
    }

    @Test
    void aPageCapturedOnNightOneAndGoneOnNightTwoIsPreservedAndReplayedWithItsImagesFromTheArchive() throws IOException {
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            Preservation.Copy copy = Preservation.of(db, List.of(pageUrl)).values().iterator().next();
            assertThat(copy.state()).isEqualTo(Preservation.State.PRESERVED);
            assertThat(copy.capture().orElseThrow().filename()).endsWith(".warc.gz");
        }
        String replayPath = server.replay().path(pageUrl, Instant.now()).orElseThrow();
        Answer page = request("GET", replayPath, local());
        assertThat(page.code()).isEqualTo(200);
        assertThat(page.text()).contains("The captured story");
        assertThat(page.head()).containsIgnoringCase("Memento-Datetime:").containsIgnoringCase("sandbox");
        Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page.text());
        assertThat(img.find()).isTrue();
        assertThat(img.group(1)).startsWith("/replay/").endsWith(imageUrl);
        Answer image = request("GET", img.group(1), local());
        assertThat(image.code()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(PNG);
        assertThat(image.head()).containsIgnoringCase("Content-Type: image/png");
    }

    @Test
    void aWaczAloneIsReplayedLikeItsWarcs() throws IOException {
        Path alone = Files.createDirectories(work.resolve("wacz-only"));
        try (var s = Files.list(out)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".wacz")).toList()) {
                Files.copy(p, alone.resolve(p.getFileName()));
            }
        }
        org.newskeeper.warc.Replay replay = org.newskeeper.warc.Replay.of(alone);
        assertThat(replay.size()).isEqualTo(server.replay().size());
        org.newskeeper.warc.Replay.Replayed image = replay.replay(imageUrl, Instant.now()).orElseThrow();
        assertThat(image.body()).isEqualTo(PNG);
        assertThat(new String(replay.replay(pageUrl, Instant.now()).orElseThrow().body(), StandardCharsets.UTF_8))
                .contains("The captured story");
    }
}
