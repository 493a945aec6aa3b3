package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcWriter;
import org.newskeeper.cli.Main;

/**
 * WARC files written by other tools (wget, warcio.js, jwarc) against a loopback server verify with
 * exit 0 (warnings allowed), and a damaged one fails naming the defect.
 */
class ForeignWarcTest {
    private static final Path WARCIO = Path.of(".ci", "warc", "node_modules", "warcio", "package.json");
    private static final Path WGET = Path.of("/usr/bin/wget");

    @TempDir
    Path work;
    HttpServer server;
    String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = "<html><head><title>t</title></head><body><p>hello, archive</p><img src=\"/image\"></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/page", x -> {
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, page.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(page);
            }
        });
        server.createContext("/chunked", x -> {
            x.getResponseHeaders().add("Content-Type", "text/plain");
            x.sendResponseHeaders(200, 0); // chunked transfer coding
            try (OutputStream o = x.getResponseBody()) {
                o.write("first chunk, ".getBytes(StandardCharsets.UTF_8));
                o.flush();
                o.write("second chunk".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/image", x -> {
            byte[] png = new byte[3000];
            for (int i = 0; i < png.length; i++) {
                png[i] = (byte) (i * 31);
            }
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, png.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(png);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private record Run(int exit, String out) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out + err.toString());
    }

    private static String exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, output).isZero();
        return output;
    }

    @Test
    void aWgetWarcVerifiesWithExitZeroItsAngleBracketsBeingWarningsAndADamagedOneFails() throws Exception {
        assumeTrue(Files.isExecutable(WGET), "SKIPPED: /usr/bin/wget is not installed");
        exec(work, List.of(WGET.toString(), "-q", "--no-proxy", "--warc-file=" + work.resolve("wget"), "-O", "/dev/null",
                base + "/page", base + "/chunked", base + "/image"));
        Path warc = work.resolve("wget.warc.gz");
        Run run = cli("verify", warc.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        VerifyReport r = Verifier.verify(List.of(warc), Optional.empty());
        assertThat(r.records()).isGreaterThanOrEqualTo(7); // warcinfo, 3 x (request, response), metadata
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(Problem::message).anyMatch(m -> m.contains("WARC/1.0 URI in angle brackets"));
        assertThat(cli("verify", "--strict", warc.toString()).exit()).isEqualTo(Main.PROBLEMS);

        int response = Fixtures.indexOfType(warc, "response");
        long at = Fixtures.rewrite(warc, response, data -> {
            byte[] copy = data.clone();
            copy[copy.length - 10] ^= 0x20;
            return copy;
        });
        Run damaged = cli("verify", warc.toString());
        assertThat(damaged.exit()).isEqualTo(Main.PROBLEMS);
        assertThat(damaged.out()).contains(warc + ":" + at + ": error: block-digest:")
                .contains("capture of " + base + "/page");
    }

    @Test
    void warcioWarcsVerifyWithExitZeroInTheirDigestEncodingsAndADamagedOneFails() throws Exception {
        assumeTrue(Files.isRegularFile(WARCIO), "SKIPPED: warcio.js is not installed in .ci/warc (run .ci/setup.d/20-warc.sh)");
        Path script = Path.of(".ci", "warc", "write-warc.mjs").toAbsolutePath();
        Path gz = work.resolve("warcio.warc.gz");
        Path hex = work.resolve("warcio-hex.warc");
        exec(script.getParent(), List.of("node", script.toString(), gz.toString(), "default", base + "/page", base + "/image"));
        exec(script.getParent(), List.of("node", script.toString(), hex.toString(), "sha1-hex", base + "/page"));
        for (Path w : List.of(gz, hex)) {
            Run run = cli("verify", w.toString());
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("0 problems");
        }
        assertThat(Files.readString(hex, StandardCharsets.ISO_8859_1)).containsPattern("WARC-Payload-Digest: sha1:[0-9a-f]{40}");

        String text = Files.readString(hex, StandardCharsets.ISO_8859_1);
        Files.writeString(hex, text.replace("hello, archive", "hellO, archive"), StandardCharsets.ISO_8859_1);
        Run damaged = cli("verify", hex.toString());
        assertThat(damaged.exit()).isEqualTo(Main.PROBLEMS);
        assertThat(damaged.out()).contains("error: block-digest:").contains("error: payload-digest:");
    }

    @Test
    void jwarcsOwnWriterWritesWarcsThatVerifyWithExitZeroAndATruncatedOneFails() throws Exception {
        Path warc = work.resolve("jwarc.warc.gz");
        try (WarcWriter w = new WarcWriter(warc)) {
            for (String path : List.of("/page", "/chunked", "/image")) {
                w.fetch(URI.create(base + path));
            }
        }
        Run run = cli("verify", warc.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(Verifier.verify(List.of(warc), Optional.empty()).records()).isEqualTo(6);

        byte[] bytes = Files.readAllBytes(warc);
        Files.write(warc, java.util.Arrays.copyOf(bytes, bytes.length - 30));
        Run damaged = cli("verify", warc.toString());
        assertThat(damaged.exit()).isEqualTo(Main.PROBLEMS);
        assertThat(damaged.out()).contains("error: truncated:");
    }

    // ---- hand-made files, one case each

    static String id(int n) {
        return String.format("<urn:uuid:00000000-0000-4000-8000-%012d>", n);
    }

    /** One record: the fields given, then WARC-Type, Record-ID, Date and Content-Length, the block, CRLF CRLF. */
    static byte[] record(String version, int id, String type, byte[] block, String... fields) {
        StringBuilder h = new StringBuilder(version).append("\r\n");
        h.append("WARC-Type: ").append(type).append("\r\n");
        h.append("WARC-Record-ID: ").append(id(id)).append("\r\n");
        h.append("WARC-Date: 2026-01-02T03:04:05Z\r\n");
        for (String f : fields) {
            h.append(f).append("\r\n");
        }
        h.append("Content-Length: ").append(block.length).append("\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + block.length + 4];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(block, 0, all, head.length, block.length);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, all, head.length + block.length, 4);
        return all;
    }

    static byte[] warcinfo(int id) {
        return record("WARC/1.1", id, "warcinfo", "software: hand\r\n".getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/warc-fields");
    }

    static byte[] response(String version, int id, String uri, byte[] http, String... fields) {
        List<String> f = new ArrayList<>(List.of("WARC-Target-URI: " + uri, "Content-Type: application/http;msgtype=response"));
        f.addAll(List.of(fields));
        return record(version, id, "response", http, f.toArray(String[]::new));
    }

    static byte[] http(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sha1Base32(byte[] b) {
        return Digests.sha1(b);
    }

    /** A WARC of one gzip member per record given. */
    Path gz(String name, byte[]... records) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] r : records) {
            out.write(Fixtures.gzip(r));
        }
        return Files.write(work.resolve(name), out.toByteArray());
    }

    static String encode(String encoding, byte[] digest) {
        return switch (encoding) {
            case "base32" -> new org.apache.commons.codec.binary.Base32().encodeAsString(digest);
            case "base32-lower" -> new org.apache.commons.codec.binary.Base32().encodeAsString(digest).toLowerCase();
            case "base16" -> org.apache.commons.codec.binary.Hex.encodeHexString(digest);
            case "base16-upper" -> org.apache.commons.codec.binary.Hex.encodeHexString(digest).toUpperCase();
            case "base64" -> java.util.Base64.getEncoder().encodeToString(digest);
            case "base64url" -> java.util.Base64.getUrlEncoder().encodeToString(digest);
            default -> throw new IllegalArgumentException(encoding);
        };
    }

    @Test
    void digestsMatchInEveryEncodingAndLabelAndAWrongOneIsAnErrorInEveryEncoding() throws Exception {
        byte[] empty = http("");
        // the issue's own examples: SHA-1 of an empty payload in base64 and base64url
        for (String d : List.of("sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "sha1:2jmj7l5rSw0yVb_vlWAYkK_YBwk=",
                "SHA1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "sha1:3i42h3s6nnfq2msvx7xzkyayscx5qbyj",
                "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha-1:2jmj7l5rSw0yVb/vlWAYkK/YBwk")) {
            Path w = gz("e.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/", empty,
                    "WARC-Payload-Digest: " + d));
            assertThat(Verifier.verify(List.of(w), Optional.empty()).problems()).as(d).isEmpty();
        }
        byte[] block = http("some payload");
        byte[] payload = "some payload".getBytes(StandardCharsets.UTF_8);
        for (String alg : List.of("sha1", "SHA256", "sha512", "Md5", "sha-256")) {
            String javaName = switch (alg.toLowerCase().replace("-", "")) {
                case "sha1" -> "SHA-1";
                case "sha256" -> "SHA-256";
                case "sha512" -> "SHA-512";
                default -> "MD5";
            };
            for (String enc : List.of("base32", "base32-lower", "base16", "base16-upper", "base64", "base64url")) {
                byte[] b = java.security.MessageDigest.getInstance(javaName).digest(block);
                byte[] p = java.security.MessageDigest.getInstance(javaName).digest(payload);
                Path good = gz("g.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/", block,
                        "WARC-Block-Digest: " + alg + ":" + encode(enc, b), "WARC-Payload-Digest: " + alg + ":" + encode(enc, p)));
                assertThat(Verifier.verify(List.of(good), Optional.empty()).problems()).as("%s %s", alg, enc).isEmpty();

                byte[] wrong = java.security.MessageDigest.getInstance(javaName).digest("other".getBytes(StandardCharsets.UTF_8));
                Path bad = gz("b.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/", block,
                        "WARC-Block-Digest: " + alg + ":" + encode(enc, wrong), "WARC-Payload-Digest: " + alg + ":" + encode(enc, wrong)));
                VerifyReport r = Verifier.verify(List.of(bad), Optional.empty());
                assertThat(r.errors()).as("%s %s", alg, enc).extracting(Problem::check)
                        .containsExactlyInAnyOrder("block-digest", "payload-digest");
            }
        }
    }

    @Test
    void aFileWithoutALeadingWarcinfoIsAWarningAndStrictMakesItAnError() throws Exception {
        byte[] block = http("x");
        Path w = gz("nowarcinfo.warc.gz", response("WARC/1.1", 2, "http://example.com/", block,
                "WARC-Block-Digest: " + sha1Base32(block)));
        Run run = cli("verify", w.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains(w + ":0: warning: warcinfo: the first record is response, not warcinfo")
                .contains("1 problem (0 errors, 1 warning)");
        Run strict = cli("verify", "--strict", w.toString());
        assertThat(strict.exit()).isEqualTo(Main.PROBLEMS);
        assertThat(strict.out()).contains(w + ":0: error: warcinfo:");
        Run json = cli("verify", "--format", "json", w.toString());
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"clean\" : true").contains("\"severity\" : \"warning\"");
    }

    @Test
    void warc10AngleBracketsInATargetUriAreAWarningButInWarc11AnError() throws Exception {
        byte[] block = http("x");
        Path w10 = gz("w10.warc.gz", warcinfo(1), response("WARC/1.0", 2, "<http://example.com/a>", block));
        VerifyReport r10 = Verifier.verify(List.of(w10), Optional.empty());
        assertThat(r10.clean()).isTrue();
        assertThat(r10.warnings()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("field-value");
            assertThat(p.message()).contains("angle brackets");
        });
        Path w11 = gz("w11.warc.gz", warcinfo(1), response("WARC/1.1", 2, "<http://example.com/a>", block));
        assertThat(Verifier.verify(List.of(w11), Optional.empty()).errors()).extracting(Problem::check)
                .containsExactly("field-value");
    }

    @Test
    void aReferenceToARecordOfAnotherFileIsAWarningWhenItIsVerifiedAlone() throws Exception {
        byte[] block = http("x");
        Path first = gz("crawl-1.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/", block));
        Path second = gz("crawl-2.warc.gz", warcinfo(3), record("WARC/1.1", 4, "request",
                "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "WARC-Target-URI: http://example.com/", "Content-Type: application/http;msgtype=request",
                "WARC-Concurrent-To: " + id(2)));
        assertThat(Verifier.verify(List.of(first, second), Optional.empty()).problems()).isEmpty();
        VerifyReport alone = Verifier.verify(List.of(second), Optional.empty());
        assertThat(alone.clean()).isTrue();
        assertThat(alone.warnings()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("dangling-reference");
            assertThat(p.message()).contains(id(2).substring(1, id(2).length() - 1)).contains("capture of http://example.com/");
        });
        assertThat(Verifier.verify(List.of(second), Optional.empty(), true).clean()).isFalse();
    }

    @Test
    void severalRecordsInOneGzipMemberAreEachReadWithAllTheirChecks() throws Exception {
        byte[] block = http("x");
        byte[] good = response("WARC/1.1", 2, "http://example.com/a", block, "WARC-Block-Digest: " + sha1Base32(block));
        byte[] bad = response("WARC/1.1", 3, "http://example.com/b", block,
                "WARC-Block-Digest: sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        byte[] third = response("WARC/1.1", 4, "http://example.com/c", block);
        byte[] member = new byte[good.length + bad.length + third.length];
        System.arraycopy(good, 0, member, 0, good.length);
        System.arraycopy(bad, 0, member, good.length, bad.length);
        System.arraycopy(third, 0, member, good.length + bad.length, third.length);
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        byte[] info = Fixtures.gzip(warcinfo(1));
        file.write(info);
        file.write(Fixtures.gzip(member));
        Path w = Files.write(work.resolve("shared.warc.gz"), file.toByteArray());

        VerifyReport r = Verifier.verify(List.of(w), Optional.empty());
        assertThat(r.records()).isEqualTo(4);
        assertThat(r.warnings()).extracting(Problem::message)
                .filteredOn(m -> m.contains("more than one record in one gzip member")).hasSize(2);
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("block-digest");
            assertThat(p.offset()).isEqualTo(info.length);
            assertThat(p.message()).contains("http://example.com/b");
        });
    }

    @Test
    void spacesInATargetUriAreAWarning() throws Exception {
        Path w = gz("spaces.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/Pascal Canfin_DSC_0122_0.JPG",
                http("x")));
        VerifyReport r = Verifier.verify(List.of(w), Optional.empty());
        assertThat(r.clean()).isTrue();
        assertThat(r.warnings()).singleElement().satisfies(p -> assertThat(p.message()).contains("spaces"));
    }

    @Test
    void aPayloadDigestOverTheChunkedBodyIsAWarningThatSaysSo() throws Exception {
        String chunkedBody = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        byte[] block = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody).getBytes(StandardCharsets.US_ASCII);
        Path transferred = gz("te.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/", block,
                "WARC-Payload-Digest: " + Digests.sha1(chunkedBody.getBytes(StandardCharsets.US_ASCII))));
        VerifyReport r = Verifier.verify(List.of(transferred), Optional.empty());
        assertThat(r.clean()).isTrue();
        assertThat(r.warnings()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo("payload-digest");
            assertThat(p.message()).contains("transfer-encoded (chunked) body");
        });
        Path dechunked = gz("de.warc.gz", warcinfo(1), response("WARC/1.1", 2, "http://example.com/", block,
                "WARC-Payload-Digest: " + Digests.sha1("hello world".getBytes(StandardCharsets.US_ASCII))));
        assertThat(Verifier.verify(List.of(dechunked), Optional.empty()).problems()).isEmpty();
    }
}
