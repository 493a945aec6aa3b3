package org.newskeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.linkstate.TimeGateAnswer;
import org.newskeeper.check.TimeGateClient;
import org.newskeeper.check.TimeGateOptions;

class WebDoubleTest {
    private WebDouble d;

    @BeforeEach
    void start() throws IOException {
        d = WebDouble.start();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    /** A raw HTTP/1.1 exchange, as the checker sends it through a host map. */
    record Answer(int code, String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) {
                    return line.substring(c + 1).trim();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Answer send(String method, String host, String target) throws IOException {
        return send(method, host, target, "");
    }

    /** With {@code headers}: header lines, each ending in CRLF. */
    private Answer send(String method, String host, String target, String headers) throws IOException {
        try (Socket s = new Socket(d.address().getAddress(), d.address().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end);
            byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
            return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
        }
    }

    @Test
    void routesByHostHeaderSoTwoSitesShareOnePort() throws IOException {
        d.page("https://www.rfi.fr/cn/a", "RFI page");
        d.page("https://www.voachinese.com/cn/a", "VOA page");

        assertThat(send("GET", "www.rfi.fr", "/cn/a").text()).contains("RFI page");
        assertThat(send("GET", "www.voachinese.com:443", "/cn/a").text()).contains("VOA page");
        assertThat(d.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(d.hosts()).containsExactly("www.rfi.fr", "www.voachinese.com");
    }

    @Test
    void unknownPathIsNotFoundButHomePageOfAKnownHostIsAlive() throws IOException {
        d.page("https://www.rfi.fr/cn/a", "RFI page");

        assertThat(send("GET", "www.rfi.fr", "/cn/no-such-page").code()).isEqualTo(404);
        assertThat(send("GET", "www.rfi.fr", "/").code()).isEqualTo(200);
        assertThat(send("GET", "unknown.example", "/").code()).isEqualTo(404);
    }

    @Test
    void anySpellingOfThePercentEncodingReachesTheSameRoute() throws IOException {
        d.page("https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231105-x", "中国");

        assertThat(send("GET", "www.rfi.fr", "/cn/%e4%b8%ad%e5%9b%bd/20231105-x").code()).isEqualTo(200);
        assertThat(d.requests("https://www.rfi.fr/cn/中国/20231105-x")).isEqualTo(1);
    }

    @Test
    void imagesAreRealPngAndJpegBytes() throws IOException {
        d.image("https://s.rfi.fr/media/a.jpg");
        d.image("https://chinadigitaltimes.net/files/b.png");
        d.image("https://images.weserv.nl?url=gdb.voanews.com/c.jpg");

        Answer jpeg = send("GET", "s.rfi.fr", "/media/a.jpg");
        Answer png = send("GET", "chinadigitaltimes.net", "/files/b.png");
        Answer proxied = send("GET", "images.weserv.nl", "/?url=gdb.voanews.com/c.jpg");

        assertThat(jpeg.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth()).isEqualTo(32);
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getHeight()).isEqualTo(18);
        assertThat(proxied.header("Content-Type")).isEqualTo("image/jpeg");
    }

    @Test
    void faultsAnswerAsRealSitesDo() throws IOException {
        String[] urls = {"https://www.rfi.fr/a", "https://www.rfi.fr/b", "https://www.rfi.fr/c",
            "https://www.rfi.fr/d", "https://www.rfi.fr/e", "https://www.rfi.fr/f", "https://www.rfi.fr/g"};
        for (String u : urls) {
            d.page(u, u);
        }
        Fault.NOT_FOUND.apply(d, urls[0]);
        Fault.GONE.apply(d, urls[1]);
        Fault.REDIRECT_HOME.apply(d, urls[2]);
        Fault.MOVED_PERMANENTLY.apply(d, urls[3]);
        Fault.TOO_MANY_REQUESTS.apply(d, urls[4]);
        Fault.SERVICE_UNAVAILABLE.apply(d, urls[5]);
        Fault.BOT_WALL.apply(d, urls[6]);

        assertThat(send("GET", "www.rfi.fr", "/a").code()).isEqualTo(404);
        assertThat(send("GET", "www.rfi.fr", "/b").code()).isEqualTo(410);
        Answer home = send("GET", "www.rfi.fr", "/c");
        assertThat(home.code()).isEqualTo(302);
        assertThat(home.header("Location")).isEqualTo("https://www.rfi.fr/");
        Answer moved = send("GET", "www.rfi.fr", "/d");
        assertThat(moved.code()).isEqualTo(301);
        assertThat(moved.header("Location")).isEqualTo("https://www.rfi.fr/archive/d");
        assertThat(send("GET", "www.rfi.fr", "/archive/d").code()).isEqualTo(200);
        Answer limited = send("GET", "www.rfi.fr", "/e");
        assertThat(limited.code()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(send("GET", "www.rfi.fr", "/f").code()).isEqualTo(503);
        Answer wall = send("HEAD", "www.rfi.fr", "/g");
        assertThat(wall.code()).isEqualTo(403);
        assertThat(wall.header("cf-mitigated")).isEqualTo("challenge");
        assertThat(wall.body()).isEmpty();
    }

    @Test
    void slowFaultDelaysTheAnswerButStillServesIt() throws IOException {
        d.page("https://www.bbc.com/zhongwen/x", "slow page");
        Fault.SLOW.apply(d, "https://www.bbc.com/zhongwen/x");

        long t0 = System.nanoTime();
        Answer a = send("GET", "www.bbc.com", "/zhongwen/x");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(a.code()).isEqualTo(200);
        assertThat(a.text()).contains("slow page");
        assertThat(ms).isGreaterThanOrEqualTo(Fault.SLOW_DELAY.toMillis());
    }

    @Test
    void aRouteChangedWhileRunningTakesEffectAtOnce() throws IOException {
        d.page("https://www.rfi.fr/a", "alive");
        assertThat(send("GET", "www.rfi.fr", "/a").code()).isEqualTo(200);
        Fault.NOT_FOUND.apply(d, "https://www.rfi.fr/a");
        assertThat(send("GET", "www.rfi.fr", "/a").code()).isEqualTo(404);
        assertThat(d.requests("https://www.rfi.fr/a")).isEqualTo(2);
    }

    @Test
    void pageTitlesAreEscaped() throws IOException {
        d.page("https://www.rfi.fr/h", "<script>alert(1)</script>");
        assertThat(send("GET", "www.rfi.fr", "/h").text()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void aTimeGateRedirectsToTheMementoClosestToAcceptDatetimeWhichNamesItsDatetime() throws IOException {
        String prefix = d.timeGate("archive.example");
        String url = "https://www.rfi.fr/cn/%E7%BB%8F%E8%B4%B8/20231106-x";
        d.memento(url, Instant.parse("2023-11-06T11:00:00Z"));
        d.memento(url, Instant.parse("2024-12-10T08:00:00Z"));

        assertThat(prefix).isEqualTo("http://archive.example/web/");
        assertThat(d.hosts()).contains("archive.example");
        Answer gate = send("GET", "archive.example", "/web/" + url, "Accept-Datetime: Mon, 06 Nov 2023 08:00:00 GMT\r\n");
        assertThat(gate.code()).isEqualTo(302);
        assertThat(gate.header("Location")).isEqualTo("/web/20231106110000/" + url);
        assertThat(gate.header("Vary")).isEqualTo("accept-datetime");
        Answer later = send("GET", "archive.example", "/web/" + url, "Accept-Datetime: Sun, 01 Dec 2024 00:00:00 GMT\r\n");
        assertThat(later.header("Location")).isEqualTo("/web/20241210080000/" + url);

        Answer memento = send("GET", "archive.example", gate.header("Location"));
        assertThat(memento.code()).isEqualTo(200);
        assertThat(memento.header("Memento-Datetime")).isEqualTo("Mon, 6 Nov 2023 11:00:00 GMT");
        assertThat(memento.header("Link")).isEqualTo("<" + url + ">; rel=\"original\"");
        assertThat(send("GET", "archive.example", "/web/20231106110001/" + url).code()).as("no memento at that second").isEqualTo(404);
        assertThat(send("GET", "archive.example", "/web/https://www.rfi.fr/never-archived").code()).isEqualTo(404);
        assertThat(send("GET", "archive.example", "/web/" + url, "Accept-Datetime: yesterday\r\n").code()).isEqualTo(400);
    }

    @Test
    void theTimeGateClientFindsTheClosestMementoOnTheDoubleThroughItsHostMapWithTheAddressPolicyOn() throws IOException {
        String prefix = d.timeGate("archive.example");
        String url = "https://s.rfi.fr/media/display/7f3d8c40/w:1280/p:16x9/taipei.jpg";
        d.memento(url, Instant.parse("2023-11-07T11:00:00Z"));
        d.memento(url, Instant.parse("2024-12-11T08:00:00Z"));
        TimeGateOptions o = TimeGateOptions.defaults().withTimegates(List.of(prefix)).withRate(50)
                .withHostMap(d.hostMap()).withAddressPolicy(AddressPolicy.PUBLIC_ONLY);

        try (TimeGateClient client = new TimeGateClient(o)) {
            TimeGateAnswer found = client.lookup(prefix, url, Instant.parse("2023-11-07T08:00:00Z"));
            assertThat(found.outcome()).as(found.toString()).isEqualTo(TimeGateAnswer.Outcome.FOUND);
            assertThat(found.archive()).isEqualTo("archive.example");
            assertThat(found.memento()).contains("http://archive.example/web/20231107110000/" + url);
            assertThat(found.datetime()).contains(Instant.parse("2023-11-07T11:00:00Z"));
            TimeGateAnswer none = client.lookup(prefix, "https://s.rfi.fr/never-archived.jpg", Instant.parse("2023-11-07T08:00:00Z"));
            assertThat(none.outcome()).isEqualTo(TimeGateAnswer.Outcome.NOT_FOUND);
        }
        assertThat(d.requests(prefix + url)).as("the TimeGate").isEqualTo(1);
        assertThat(d.requests("http://archive.example/web/20231107110000/" + url)).as("the memento").isEqualTo(1);
        assertThat(d.requests(prefix + "https://s.rfi.fr/never-archived.jpg")).as("the TimeGate, no memento").isEqualTo(1);
    }

    @Test
    void anArticlePageShowsItsImagesWithTheirUrlsEscaped() throws IOException {
        d.serve("https://www.rfi.fr/i", WebDouble.Response.page("标题", List.of("https://s.rfi.fr/a.jpg",
                "https://s.rfi.fr/x.jpg?\"><img src=x onerror=alert(2)>")));
        String html = send("GET", "www.rfi.fr", "/i").text();
        assertThat(html).contains("<h1>标题</h1>").contains("<img src=\"https://s.rfi.fr/a.jpg\" alt=\"\">")
                .contains("<img src=\"https://s.rfi.fr/x.jpg?&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\" alt=\"\">")
                .doesNotContain("<img src=x");
    }
}
