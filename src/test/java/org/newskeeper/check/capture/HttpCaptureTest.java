package org.newskeeper.check.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.newskeeper.Version;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;

class HttpCaptureTest {
    private final HttpCapture capture = new HttpCapture(AddressPolicy.ALLOW_PRIVATE, HostMap.NONE,
            Duration.ofSeconds(5), 1 << 20);

    @Test
    void chunkedResponseIsStoredAsReceivedAndThePayloadIsDechunked() throws IOException {
        String raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n";
        try (RawServer server = new RawServer().on("/page", raw)) {
            Exchange ex = capture.fetch(URI.create(server.url("/page")));
            assertThat(new String(ex.response(), StandardCharsets.ISO_8859_1)).isEqualTo(raw);
            assertThat(new String(ex.payload(), StandardCharsets.ISO_8859_1)).isEqualTo("hello, world");
            assertThat(ex.status()).isEqualTo(200);
            assertThat(ex.truncated()).isFalse();
            assertThat(ex.address()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(new String(ex.responseHeader(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n");
        }
    }

    @Test
    void contentEncodingIsKeptNotDecoded() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write("<p>compressed</p>".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = gz.toByteArray();
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] raw = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, raw, head.length, body.length);
        try (RawServer server = new RawServer().on("/gz", raw)) {
            Exchange ex = capture.fetch(URI.create(server.url("/gz")));
            assertThat(ex.response()).isEqualTo(raw);
            assertThat(ex.payload()).isEqualTo(body);
            assertThat(server.requests().get(0)).doesNotContainIgnoringCase("Accept-Encoding");
        }
    }

    @Test
    void requestIsRecordedExactlyAsSentWithOurUserAgent() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder().code(200).body("plain").build());
            URI url = URI.create("http://127.0.0.1:" + server.getPort() + "/a%20b?q=1");
            Exchange ex = capture.fetch(url);
            RecordedRequest rec = server.takeRequest();
            assertThat(rec.getHeaders().get("User-Agent")).isEqualTo(Version.userAgent());
            String sent = new String(ex.request(), StandardCharsets.ISO_8859_1);
            assertThat(sent).startsWith("GET /a%20b?q=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getPort() + "\r\n")
                    .endsWith("\r\n\r\n");
            assertThat(new String(ex.payload(), StandardCharsets.UTF_8)).isEqualTo("plain");
        }
    }

    @Test
    void redirectsAreRecordedNotFollowed() throws IOException {
        try (RawServer server = new RawServer().on("/old", "HTTP/1.1 301 Moved\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n")) {
            Exchange ex = capture.fetch(URI.create(server.url("/old")));
            assertThat(ex.status()).isEqualTo(301);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void privateAddressesAreRefusedByDefault() throws IOException {
        HttpCapture strict = new HttpCapture(AddressPolicy.PUBLIC_ONLY, HostMap.NONE, Duration.ofSeconds(5), 1 << 20);
        try (RawServer server = new RawServer().on("/", RawServer.ok("text/plain", new byte[] {'x'}))) {
            assertThatThrownBy(() -> strict.fetch(URI.create(server.url("/"))))
                    .isInstanceOf(CaptureException.class).hasMessageContaining("private address");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void loopbackCarriedInIpv6OrSpelledInOctalIsRefusedBeforeConnecting() throws IOException {
        HttpCapture strict = new HttpCapture(AddressPolicy.PUBLIC_ONLY, HostMap.NONE, Duration.ofSeconds(5), 1 << 20);
        try (RawServer server = new RawServer().on("/", RawServer.ok("text/plain", new byte[] {'x'}))) {
            for (String host : List.of("[::7f00:1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "[::ffff:0:7f00:1]",
                    "0177.0.0.1", "017700000001")) {
                assertThatThrownBy(() -> strict.fetch(URI.create("http://" + host + ":" + server.port() + "/")))
                        .as(host).isInstanceOf(CaptureException.class).hasMessageContaining("private address");
            }
            // java.net.URI finds no host in a hex spelling: refused all the same
            assertThatThrownBy(() -> strict.fetch(URI.create("http://0x7f.1:" + server.port() + "/")))
                    .isInstanceOf(CaptureException.class);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void mappedHostsGoToTheirLoopbackAddressWithTheOriginalHostHeader() throws IOException {
        try (RawServer server = new RawServer().on("/cn/1", RawServer.ok("text/html", "<p>rfi</p>".getBytes(StandardCharsets.UTF_8)))) {
            HostMap map = HostMap.all(List.of("www.rfi.fr"), new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            HttpCapture demo = new HttpCapture(AddressPolicy.PUBLIC_ONLY, map, Duration.ofSeconds(5), 1 << 20);
            Exchange ex = demo.fetch(URI.create("https://www.rfi.fr/cn/1"));
            assertThat(ex.status()).isEqualTo(200);
            assertThat(server.requests().get(0)).contains("\r\nHost: www.rfi.fr\r\n");
            assertThat(ex.address().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void bodiesOverTheCapAreMarkedTruncated() throws IOException {
        byte[] big = new byte[5000];
        try (RawServer server = new RawServer().on("/big", RawServer.ok("application/octet-stream", big))) {
            HttpCapture small = new HttpCapture(AddressPolicy.ALLOW_PRIVATE, HostMap.NONE, Duration.ofSeconds(5), 1000);
            Exchange ex = small.fetch(URI.create(server.url("/big")));
            assertThat(ex.truncated()).isTrue();
            assertThat(ex.payload()).hasSize(1000);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpCapture quick = new HttpCapture(AddressPolicy.ALLOW_PRIVATE, HostMap.NONE, Duration.ofMillis(300), 1000);
            assertThatThrownBy(() -> quick.fetch(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/")))
                    .isInstanceOf(CaptureException.class).hasMessageContaining("timed out");
        }
    }
}
