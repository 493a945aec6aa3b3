package org.newskeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
        try (Socket s = new Socket(d.address().getAddress(), d.address().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
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
}
