package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.capture.RawServer;

class CaptureTest {
    static final String CHUNKED = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "6\r\n<html>\r\n8\r\n</html>\n\r\n0\r\n\r\n";
    static final String SAME_PAYLOAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 14\r\n\r\n<html></html>\n";

    @TempDir
    Path work;
    RawServer server;
    Path corpus;

    @BeforeEach
    void start() throws IOException {
        server = new RawServer().on("/cn/1", CHUNKED).on("/cn/2", SAME_PAYLOAD)
                .on("/cn/3", "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
        corpus = work.resolve("corpus");
        Path dir = Files.createDirectories(corpus.resolve("rfi"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(dir.resolve(i + ".md"), Fixtures.article(1_690_000_000_000L + i, "t" + i,
                    server.url("/cn/" + i), "<p>body " + i + "</p>"), StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private PackOptions.Builder options() {
        return Fixtures.options(corpus, work).capture(true).addressPolicy(AddressPolicy.ALLOW_PRIVATE);
    }

    @Test
    void capturesAreStoredAsReceivedPairedAndDeduplicatedAsRevisits() throws IOException {
        PackResult result = new Packer(options().build()).pack();

        assertThat(result.captured()).isEqualTo(1);
        assertThat(result.revisits()).isEqualTo(1);
        assertThat(result.notCaptured()).as("the 404 is not kept").isEqualTo(1);
        List<Fixtures.Rec> recs = Fixtures.records(result.warcs());
        Fixtures.Rec response = recs.stream().filter(r -> r.type().equals("response")).findFirst().orElseThrow();
        assertThat(new String(response.block(), StandardCharsets.ISO_8859_1)).isEqualTo(CHUNKED);
        assertThat(response.field("Content-Type")).isEqualTo("application/http;msgtype=response");
        assertThat(response.field("WARC-Payload-Digest"))
                .isEqualTo(Digests.sha1("<html></html>\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(response.field("WARC-Block-Digest")).isEqualTo(Digests.sha1(response.block()));
        assertThat(response.field("WARC-IP-Address")).isEqualTo("127.0.0.1");
        assertThat(response.field("WARC-Target-URI")).isEqualTo(server.url("/cn/1"));

        Fixtures.Rec request = recs.stream().filter(r -> r.type().equals("request")
                && r.field("WARC-Target-URI").equals(server.url("/cn/1"))).findFirst().orElseThrow();
        assertThat(request.field("WARC-Concurrent-To")).isEqualTo(response.field("WARC-Record-ID"));
        assertThat(response.field("WARC-Concurrent-To")).isEqualTo(request.field("WARC-Record-ID"));
        assertThat(new String(request.block(), StandardCharsets.ISO_8859_1)).isEqualTo(server.requests().get(0));
        assertThat(request.field("WARC-IP-Address")).isEqualTo("127.0.0.1");
        assertThat(request.field("WARC-Payload-Digest")).as("a GET's empty entity body").isEqualTo(Digests.sha1(new byte[0]));

        Fixtures.Rec revisit = recs.stream().filter(r -> r.type().equals("revisit")).findFirst().orElseThrow();
        assertThat(revisit.field("WARC-Target-URI")).isEqualTo(server.url("/cn/2"));
        assertThat(revisit.field("WARC-Profile")).isEqualTo(Packer.REVISIT_PROFILE);
        assertThat(revisit.field("WARC-Refers-To")).isEqualTo(response.field("WARC-Record-ID"));
        assertThat(revisit.field("WARC-Refers-To-Target-URI")).isEqualTo(server.url("/cn/1"));
        assertThat(revisit.field("WARC-Refers-To-Date")).isEqualTo(response.field("WARC-Date"));
        assertThat(revisit.field("WARC-Truncated")).isEqualTo("length");
        assertThat(revisit.field("WARC-Payload-Digest")).isEqualTo(response.field("WARC-Payload-Digest"));
        assertThat(new String(revisit.block(), StandardCharsets.ISO_8859_1))
                .isEqualTo(SAME_PAYLOAD.substring(0, SAME_PAYLOAD.indexOf("\r\n\r\n") + 4));

        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(corpus)).problems()).isEmpty();
        assertThat(Peers.jwarcValidate(result.warcs())).isEmpty();
    }

    @Test
    void aPayloadArchivedByAnEarlierRunBecomesARevisitOfThatRecord() throws IOException {
        PackResult first = new Packer(options().build()).pack();
        String originalId = Fixtures.records(first.warcs()).stream().filter(r -> r.type().equals("response"))
                .findFirst().orElseThrow().field("WARC-Record-ID");
        Files.writeString(corpus.resolve("rfi/1.md"), "edited\n", java.nio.file.StandardOpenOption.APPEND);

        PackResult second = new Packer(options().build()).pack();

        assertThat(second.packed()).isEqualTo(1);
        assertThat(second.captured()).isZero();
        assertThat(second.revisits()).isEqualTo(1);
        Fixtures.Rec revisit = Fixtures.records(second.warcs()).stream().filter(r -> r.type().equals("revisit"))
                .findFirst().orElseThrow();
        assertThat(revisit.field("WARC-Refers-To")).isEqualTo(originalId);
        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(corpus)).problems()).isEmpty();
    }

    @Test
    void linksTheHistoryKnowsDeadAreNotFetched() throws IOException {
        KnownLinks history = KnownLinks.of(Map.of(server.url("/cn/2"),
                new KnownLink(server.url("/cn/2"), org.newskeeper.linkstate.LinkStatus.BROKEN, Optional.of(404), Optional.empty(), Optional.empty())));
        PackResult result = new Packer(options().knownLinks(history).build()).pack();
        assertThat(server.requests()).noneMatch(r -> r.startsWith("GET /cn/2 "));
        assertThat(result.revisits()).isZero();
        Fixtures.Rec meta = Fixtures.records(result.warcs()).stream()
                .filter(r -> r.type().equals("metadata") && r.field("WARC-Target-URI").endsWith("rfi/2.md"))
                .findFirst().orElseThrow();
        assertThat(new String(meta.block(), StandardCharsets.UTF_8)).contains("\"status\":\"broken\"");
    }

    @Test
    void aRevisitWhoseDigestMatchesNothingIsReported() throws IOException {
        PackResult result = new Packer(options().build()).pack();
        Path warc = result.warcs().get(0);
        int index = Fixtures.indexOfType(warc, "revisit");
        Fixtures.Rec revisit = Fixtures.records(warc).get(index);
        String digest = revisit.field("WARC-Payload-Digest");
        long at = Fixtures.rewrite(warc, index, Fixtures.replaceInHeader("WARC-Payload-Digest: " + digest,
                "WARC-Payload-Digest: " + Digests.sha1(new byte[] {42})));

        VerifyReport r = Verifier.verify(List.of(warc), Optional.empty());

        assertThat(r.problems()).filteredOn(p -> p.check().equals("revisit-digest")).singleElement()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(at));
    }

    @Test
    void aRevisitNamingTheWrongOriginalTargetIsReported() throws IOException {
        PackResult result = new Packer(options().build()).pack();
        Path warc = result.warcs().get(0);
        int index = Fixtures.indexOfType(warc, "revisit");
        long at = Fixtures.rewrite(warc, index, Fixtures.replaceInHeader("WARC-Refers-To-Target-URI: " + server.url("/cn/1"),
                "WARC-Refers-To-Target-URI: " + server.url("/cn/9")));

        VerifyReport r = Verifier.verify(List.of(warc), Optional.empty());

        assertThat(r.problems()).filteredOn(p -> p.check().equals("revisit-refers-to")).singleElement()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(at));
    }

    @Test
    void mappedHostsAreCapturedFromTheDoubleUnderTheirRealUrls() throws IOException {
        Path demo = work.resolve("demo");
        Files.createDirectories(demo.resolve("rfi"));
        Files.writeString(demo.resolve("rfi/9.md"), Fixtures.article(1, "t", "https://www.rfi.fr/cn/1", "<p>x</p>"));
        org.newskeeper.check.HostMap map = org.newskeeper.check.HostMap.all(List.of("www.rfi.fr"),
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.port()));
        PackResult result = new Packer(PackOptions.builder(demo).out(work.resolve("demo-out"))
                .database(work.resolve("demo.sqlite")).capture(true).hostMap(map).build()).pack();
        assertThat(result.captured()).isEqualTo(1);
        Fixtures.Rec response = Fixtures.records(result.warcs()).stream().filter(r -> r.type().equals("response"))
                .findFirst().orElseThrow();
        assertThat(response.field("WARC-Target-URI")).isEqualTo("https://www.rfi.fr/cn/1");
        assertThat(server.requests()).anyMatch(r -> r.contains("\r\nHost: www.rfi.fr\r\n"));
    }

    @Test
    void anImageUrlWithASpaceAndAnIdnHostAreCapturedAsABrowserRequestsThem() throws IOException {
        server.on("/img/Pascal%20Canfin_DSC_0122_0.JPG", RawServer.ok("image/jpeg", new byte[] {1, 2, 3}))
                .on("/cn/%E4%B8%AD%E5%9B%BD", SAME_PAYLOAD);
        Path site = work.resolve("idn");
        Files.createDirectories(site.resolve("rfi"));
        Files.writeString(site.resolve("rfi/7.md"), Fixtures.article(1, "t", "http://bücher.example/cn/中国",
                "<img src=\"" + server.url("/img/Pascal Canfin_DSC_0122_0.JPG") + "\"><p>x</p>"), StandardCharsets.UTF_8);
        org.newskeeper.check.HostMap map = org.newskeeper.check.HostMap.all(List.of("xn--bcher-kva.example"),
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.port()));
        PackResult result = new Packer(PackOptions.builder(site).out(work.resolve("idn-out"))
                .database(work.resolve("idn.sqlite")).capture(true).hostMap(map)
                .addressPolicy(AddressPolicy.ALLOW_PRIVATE).build()).pack();

        assertThat(result.warnings()).isEmpty();
        assertThat(result.captured()).isEqualTo(2);
        List<Fixtures.Rec> responses = Fixtures.records(result.warcs()).stream()
                .filter(r -> r.type().equals("response")).toList();
        assertThat(responses).extracting(r -> r.field("WARC-Target-URI")).containsExactlyInAnyOrder(
                server.url("/img/Pascal%20Canfin_DSC_0122_0.JPG"), "http://xn--bcher-kva.example/cn/%E4%B8%AD%E5%9B%BD");
        assertThat(server.requests()).anyMatch(r -> r.startsWith("GET /img/Pascal%20Canfin_DSC_0122_0.JPG HTTP/1.1\r\n"))
                .anyMatch(r -> r.contains("\r\nHost: xn--bcher-kva.example\r\n"));
        Fixtures.Rec metadata = Fixtures.records(result.warcs()).stream().filter(r -> r.type().equals("metadata"))
                .findFirst().orElseThrow();
        assertThat(new String(metadata.block(), StandardCharsets.UTF_8)).as("the article keeps the URLs as cited")
                .contains("http://bücher.example/cn/中国").contains("Pascal Canfin_DSC_0122_0.JPG");
        assertThat(Verifier.verify(List.of(work.resolve("idn-out")), Optional.of(site)).problems()).isEmpty();
    }

    @Test
    void imagesOfAnArticleAreCapturedOncePerRun() throws IOException {
        byte[] jpeg = new byte[700];
        for (int i = 0; i < jpeg.length; i++) {
            jpeg[i] = (byte) i;
        }
        server.on("/img/1.jpg", RawServer.ok("image/jpeg", jpeg));
        Path dir = Files.createDirectories(corpus.resolve("voa"));
        for (int i = 1; i <= 2; i++) {
            Files.writeString(dir.resolve(i + ".md"), Fixtures.article(1_690_000_000_000L + i, "img" + i,
                    server.url("/cn/1"), "<div>26/07/2023 - 15:39</div><img src=\"" + server.url("/img/1.jpg")
                            + "\"><p>with an image " + i + "</p>"), StandardCharsets.UTF_8);
        }
        PackResult result = new Packer(options().build()).pack();
        List<Fixtures.Rec> images = Fixtures.records(result.warcs()).stream()
                .filter(r -> r.type().equals("response") && r.field("WARC-Target-URI").equals(server.url("/img/1.jpg")))
                .toList();
        assertThat(images).singleElement().satisfies(r -> assertThat(r.field("WARC-Payload-Digest"))
                .isEqualTo(Digests.sha1(jpeg)));
        assertThat(server.requests()).filteredOn(r -> r.startsWith("GET /img/1.jpg ")).hasSize(1);
        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(corpus)).problems()).isEmpty();
        assertThat(Peers.jwarcValidate(result.warcs())).isEmpty();
    }

    @Test
    void withoutStatusesGivenTheLinkHistoryOfTheDatabaseDecides() throws IOException {
        try (org.newskeeper.history.Database db = org.newskeeper.history.Database.open(work.resolve("db.sqlite"))) {
            org.newskeeper.history.LinkHistory history = new org.newskeeper.history.LinkHistory(db);
            long run = history.startRun();
            history.record(run, new org.newskeeper.linkstate.LinkObservation(server.url("/cn/2"), java.time.Instant.now(),
                    org.newskeeper.linkstate.LinkStatus.BROKEN, Optional.of(404), Optional.empty(), List.of(), Optional.empty()),
                    3, java.time.Duration.ofHours(48));
            history.finishRun(run, 1, 1);
        }
        PackResult result = new Packer(options().build()).pack();
        assertThat(server.requests()).noneMatch(r -> r.startsWith("GET /cn/2 "));
        Fixtures.Rec meta = Fixtures.records(result.warcs()).stream()
                .filter(r -> r.type().equals("metadata") && r.field("WARC-Target-URI").endsWith("rfi/2.md"))
                .findFirst().orElseThrow();
        assertThat(new String(meta.block(), StandardCharsets.UTF_8)).contains("\"status\":\"broken\"", "\"code\":404");
    }

    @Test
    void payloadsOfEarlierWarcsTheDatabaseNeverSawAreStillDeduplicated() throws IOException {
        PackResult first = new Packer(options().build()).pack();
        String originalId = Fixtures.records(first.warcs()).stream().filter(r -> r.type().equals("response"))
                .findFirst().orElseThrow().field("WARC-Record-ID");
        Files.writeString(corpus.resolve("rfi/1.md"), "edited\n", java.nio.file.StandardOpenOption.APPEND);

        // another database: the earlier WARCs are indexed from their records first
        PackResult second = new Packer(options().database(work.resolve("fresh.sqlite")).build()).pack();

        assertThat(second.packed()).isEqualTo(1);
        assertThat(second.captured()).isZero();
        assertThat(Fixtures.records(second.warcs())).filteredOn(r -> r.type().equals("revisit"))
                .singleElement().satisfies(r -> assertThat(r.field("WARC-Refers-To")).isEqualTo(originalId));
    }

    @Test
    void aDamagedCaptureIsNamedByItsUrlAndTheArticleCitingIt() throws IOException {
        PackResult result = new Packer(options().build()).pack();
        Path warc = result.warcs().get(0);
        int response = Fixtures.indexOfType(warc, "response");
        long at = Fixtures.rewrite(warc, response, data -> {
            byte[] copy = data.clone();
            copy[copy.length - 8] ^= 0x01;
            return copy;
        });
        VerifyReport r = Verifier.verify(List.of(warc), Optional.empty());
        assertThat(r.errors()).filteredOn(p -> p.offset() == at).isNotEmpty().allSatisfy(p -> assertThat(p.message())
                .endsWith("(capture of " + server.url("/cn/1") + ", cited by rfi/1.md)"));
    }
}
