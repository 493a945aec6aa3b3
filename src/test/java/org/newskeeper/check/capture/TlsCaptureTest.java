package org.newskeeper.check.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;

/** Captures over TLS against a loopback server with a certificate made for the test. */
class TlsCaptureTest {
    static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\ntls!\r\n0\r\n\r\n";

    @TempDir
    Path dir;

    private KeyStore keyStore(String san) throws Exception {
        Path ks = dir.resolve("ks-" + san.replaceAll("\\W", "") + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test",
                "-ext", "SAN=" + san, "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private SSLContext context(KeyStore store) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Serves one TLS connection with {@link #RESPONSE}; returns the request it read. */
    private Thread serve(SSLServerSocket server, StringBuilder request) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                request.append(RawServer.readRequest(s.getInputStream()));
                s.getOutputStream().write(RESPONSE.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the client refused the certificate
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private HttpCapture capture(SSLSocketFactory factory) {
        return new HttpCapture(AddressPolicy.ALLOW_PRIVATE, HostMap.NONE, Duration.ofSeconds(5), 1 << 20, "test-agent",
                Clock.systemUTC(), factory);
    }

    @Test
    void httpsExchangesAreRecordedAsDecryptedOnTheWire() throws Exception {
        SSLContext ctx = context(keyStore("ip:127.0.0.1"));
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringBuilder request = new StringBuilder();
            Thread t = serve(server, request);
            Exchange ex = capture(ctx.getSocketFactory()).fetch(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/a"));
            t.join(5000);
            assertThat(new String(ex.response(), StandardCharsets.ISO_8859_1)).isEqualTo(RESPONSE);
            assertThat(new String(ex.payload(), StandardCharsets.ISO_8859_1)).isEqualTo("tls!");
            assertThat(new String(ex.request(), StandardCharsets.ISO_8859_1)).isEqualTo(request.toString());
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        KeyStore store = keyStore("dns:other.example");
        SSLContext ctx = context(store);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serve(server, new StringBuilder());
            assertThatThrownBy(() -> capture(ctx.getSocketFactory())
                    .fetch(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/a")))
                    .isInstanceOf(CaptureException.class);
        }
    }
}
