package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackerTest {
    @TempDir
    Path work;

    private Path corpus(int n) throws IOException {
        return Fixtures.corpus(work.resolve("corpus"), n, "https://www.rfi.fr");
    }

    @Test
    void unusablePathsAreATypedInputErrorBeforeAnythingIsCreated() throws IOException {
        Path corpus = corpus(1);
        Path afile = Files.writeString(work.resolve("afile"), "x");
        PackOptions outIsFile = Fixtures.options(corpus, work).out(afile).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Packer(outIsFile).pack())
                .isInstanceOf(InputException.class).hasMessage("WARC folder " + afile + ": not a directory");
        org.assertj.core.api.Assertions.assertThatThrownBy(outIsFile::requireUsablePaths)
                .isInstanceOf(InputException.class);

        Path garbage = Files.writeString(work.resolve("g.sqlite"), "garbage, not SQLite");
        Path out = work.resolve("fresh-out");
        PackOptions badDb = Fixtures.options(corpus, work).out(out).database(garbage).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Packer(badDb).pack())
                .isInstanceOf(InputException.class).hasMessage("database " + garbage + ": not a SQLite database");
        assertThat(out).doesNotExist();
    }

    @Test
    void eachArticleBecomesAResourceWithItsExactBytesAndAConcurrentMetadataRecord() throws IOException {
        Path corpus = corpus(3);
        byte[] odd = "<!--1-->\r\n[t](https://x.example/a)\r\n------\r\n\r\n\u00e9\u0000".getBytes(StandardCharsets.UTF_8);
        byte[] withBadUtf8 = java.util.Arrays.copyOf(odd, odd.length + 2);
        withBadUtf8[odd.length] = (byte) 0xff;
        withBadUtf8[odd.length + 1] = (byte) 0xfe;
        Files.write(corpus.resolve("rfi/odd.md"), withBadUtf8);

        PackResult result = new Packer(Fixtures.options(corpus, work).collection("rfi-2020").build()).pack();

        assertThat(result.packed()).isEqualTo(4);
        List<Fixtures.Rec> recs = Fixtures.records(result.warcs());
        assertThat(recs.get(0).type()).isEqualTo("warcinfo");
        assertThat(recs).extracting(Fixtures.Rec::type)
                .containsExactly("warcinfo", "resource", "metadata", "resource", "metadata", "resource", "metadata",
                        "resource", "metadata");
        Fixtures.Rec odd1 = recs.stream().filter(r -> "urn:newskeeper:rfi-2020:rfi/odd.md".equals(r.field("WARC-Target-URI")))
                .filter(r -> r.type().equals("resource")).findFirst().orElseThrow();
        assertThat(odd1.block()).isEqualTo(withBadUtf8);
        assertThat(odd1.field("Content-Type")).isEqualTo("text/markdown; charset=utf-8");
        assertThat(odd1.field("WARC-Block-Digest")).isEqualTo(Digests.sha1(withBadUtf8));
        assertThat(odd1.field("WARC-Payload-Digest")).isEqualTo(Digests.sha1(withBadUtf8));
        assertThat(odd1.field("WARC-Date")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
        assertThat(odd1.record().version).isEqualTo("WARC/1.1");
        int i = recs.indexOf(odd1);
        Fixtures.Rec meta = recs.get(i + 1);
        assertThat(meta.type()).isEqualTo("metadata");
        assertThat(meta.field("WARC-Concurrent-To")).isEqualTo(odd1.field("WARC-Record-ID"));
        assertThat(meta.field("Content-Type")).isEqualTo("application/json");
        assertThat(meta.field("WARC-Payload-Digest")).isNull();
        assertThat(meta.field("WARC-Block-Digest")).isEqualTo(Digests.sha1(meta.block()));
        JsonNode json = new ObjectMapper().readTree(meta.block());
        assertThat(json.path("article").path("path").asText()).isEqualTo("rfi/odd.md");
        assertThat(json.path("resource").path("digest").asText()).isEqualTo(Digests.sha1(withBadUtf8));
        assertThat(json.path("findings").isArray()).isTrue();
        assertThat(json.path("links").isArray()).isTrue();
    }

    @Test
    void warcinfoNamesSoftwareFormatCollectionHostAndOperator() throws IOException {
        PackResult result = new Packer(Fixtures.options(corpus(1), work).collection("news")
                .operator(Optional.of("Archive Team <a@example.org>")).build()).pack();
        Fixtures.Rec info = Fixtures.records(result.warcs().get(0)).get(0);
        String fields = new String(info.block(), StandardCharsets.UTF_8);
        assertThat(fields).contains("software: newskeeper/", "format: WARC File Format 1.1", "conformsTo: ",
                "isPartOf: news\r\n", "hostname: ", "operator: Archive Team <a@example.org>\r\n");
        assertThat(info.field("WARC-Filename")).isEqualTo(result.warcs().get(0).getFileName().toString());
        assertThat(info.field("Content-Type")).isEqualTo("application/warc-fields");
        assertThat(info.field("WARC-Payload-Digest")).isNull();
        assertThat(info.field("WARC-Block-Digest")).isEqualTo(Digests.sha1(info.block()));
    }

    @Test
    void filesAreNamedPrefixTimestampSerialHostAndNoOpenFileRemains() throws IOException {
        PackResult result = new Packer(Fixtures.options(corpus(2), work).prefix("TEST").build()).pack();
        assertThat(result.warcs()).hasSize(1);
        String name = result.warcs().get(0).getFileName().toString();
        assertThat(name).matches("TEST-\\d{14}-00000-[A-Za-z0-9.-]+\\.warc\\.gz");
        try (var s = Files.list(work.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".open"))
                    .contains(name.replace(".warc.gz", ".cdxj"));
        }
    }

    @Test
    void everyRecordIsItsOwnGzipMember() throws IOException {
        PackResult result = new Packer(Fixtures.options(corpus(5), work).build()).pack();
        List<Fixtures.Rec> recs = Fixtures.records(result.warcs().get(0));
        assertThat(recs).hasSize(11);
        assertThat(recs).allSatisfy(r -> assertThat(r.record().framingProblems).isEmpty());
    }

    @Test
    void rotatesToANewFileOnceTheMaximumSizeIsReached() throws IOException {
        PackResult result = new Packer(Fixtures.options(corpus(30), work).maxSize(4096).build()).pack();
        assertThat(result.warcs().size()).isGreaterThan(2);
        for (Path w : result.warcs()) {
            List<Fixtures.Rec> recs = Fixtures.records(w);
            assertThat(recs.get(0).type()).isEqualTo("warcinfo");
            assertThat(recs.size() % 2).as("resource and metadata stay together").isEqualTo(1);
        }
        assertThat(result.warcs()).extracting(p -> p.getFileName().toString().split("-")[2])
                .doesNotHaveDuplicates();
        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(work.resolve("corpus"))).problems()).isEmpty();
    }

    @Test
    void unchangedArticlesAreSkippedChangedOnesRepackedAndAllRepacksEverything() throws IOException {
        Path corpus = corpus(4);
        PackOptions options = Fixtures.options(corpus, work).build();
        assertThat(new Packer(options).pack().packed()).isEqualTo(4);

        PackResult again = new Packer(options).pack();
        assertThat(again.packed()).isZero();
        assertThat(again.unchanged()).isEqualTo(4);
        assertThat(again.warcs()).as("no empty WARC is written").isEmpty();

        Files.writeString(corpus.resolve("rfi/1000002.md"), "edited\n", java.nio.file.StandardOpenOption.APPEND);
        PackResult changed = new Packer(options).pack();
        assertThat(changed.packed()).isEqualTo(1);
        assertThat(changed.unchanged()).isEqualTo(3);

        PackResult all = new Packer(Fixtures.options(corpus, work).all(true).build()).pack();
        assertThat(all.packed()).isEqualTo(4);
        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(corpus)).problems()).isEmpty();
    }

    @Test
    void neverWritesOverAnExistingWarc() throws IOException {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05.123Z"), ZoneOffset.UTC);
        Path out = Files.createDirectories(work.resolve("out"));
        String host = WarcFileWriter.localHost();
        Path existing = out.resolve("NEWSKEEPER-20260102030405-00000-" + host + ".warc.gz");
        Files.writeString(existing, "not to be touched");

        PackResult result = new Packer(Fixtures.options(corpus(1), work).build(), fixed).pack();

        assertThat(Files.readString(existing)).isEqualTo("not to be touched");
        assertThat(result.warcs()).singleElement().extracting(p -> p.getFileName().toString())
                .isEqualTo("NEWSKEEPER-20260102030405-00001-" + host + ".warc.gz");
    }

    @Test
    void leftoverOpenFilesAreMovedAsideAndNeverCountedAsArchived() throws IOException {
        Path out = Files.createDirectories(work.resolve("out"));
        Path leftover = out.resolve("NEWSKEEPER-20200101000000-00000-h.warc.gz.open");
        Files.write(leftover, Fixtures.gzip("WARC/1.1\r\nhalf a record".getBytes(StandardCharsets.US_ASCII)));

        PackResult result = new Packer(Fixtures.options(corpus(2), work).build()).pack();

        assertThat(leftover).doesNotExist();
        assertThat(result.movedAside()).singleElement()
                .isEqualTo(out.resolve("incomplete/NEWSKEEPER-20200101000000-00000-h.warc.gz.open"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("interrupted run"));
        assertThat(result.packed()).isEqualTo(2);
        assertThat(Verifier.verify(List.of(out), Optional.empty()).problems()).isEmpty();
    }

    @Test
    void aFinalWarcTheDatabaseMissedIsIndexedFromItsRecordsNotPackedAgain() throws IOException {
        Path corpus = corpus(3);
        new Packer(Fixtures.options(corpus, work).build()).pack();
        Path warc = Fixtures.warcs(work.resolve("out")).get(0);
        byte[] written = Files.readAllBytes(WarcFileWriter.cdxjPath(warc));
        Files.delete(WarcFileWriter.cdxjPath(warc));

        // a fresh database stands for a run killed between the rename and the commit
        PackResult again = new Packer(Fixtures.options(corpus, work).database(work.resolve("other.sqlite")).build()).pack();

        assertThat(again.packed()).isZero();
        assertThat(again.unchanged()).isEqualTo(3);
        assertThat(WarcFileWriter.cdxjPath(warc)).hasBinaryContent(written); // rebuilt as the writer wrote it
        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(corpus)).problems()).isEmpty();
    }

    @Test
    void aSecondPackIntoTheSameDirectoryAtOnceIsRefused() throws IOException {
        Path out = Files.createDirectories(work.resolve("out"));
        try (var ch = java.nio.channels.FileChannel.open(out.resolve(Packer.LOCK_FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                var lock = ch.lock()) {
            assertThatThrownBy(() -> new Packer(Fixtures.options(corpus(1), work).build()).pack())
                    .isInstanceOf(IOException.class).hasMessageContaining("another pack");
        }
    }

    @Test
    void cdxjIndexIsSortedAndPointsAtEachResource() throws IOException {
        PackResult result = new Packer(Fixtures.options(corpus(5), work).collection("c").build()).pack();
        Path warc = result.warcs().get(0);
        List<String> lines = Files.readAllLines(WarcFileWriter.cdxjPath(warc));
        assertThat(lines).hasSize(5).isSortedAccordingTo(CdxjLine.ORDER);
        List<Fixtures.Rec> recs = Fixtures.records(warc);
        for (String line : lines) {
            JsonNode j = CdxjLine.fields(line).orElseThrow();
            assertThat(line).startsWith("urn:newskeeper:c:rfi/");
            assertThat(line.split(" ")[1]).matches("\\d{14}");
            long offset = Long.parseLong(j.get("offset").asText());
            Fixtures.Rec r = recs.stream().filter(x -> x.offset() == offset).findFirst().orElseThrow();
            assertThat(r.type()).isEqualTo("resource");
            assertThat(j.get("length").asText()).isEqualTo(Long.toString(r.length()));
            assertThat(j.get("url").asText()).isEqualTo(r.field("WARC-Target-URI"));
            assertThat(j.get("digest").asText()).isEqualTo(r.field("WARC-Payload-Digest"));
            assertThat(j.get("mime").asText()).isEqualTo("text/markdown");
            assertThat(j.get("filename").asText()).isEqualTo(warc.getFileName().toString());
        }
    }

    @Test
    void waczHoldsTheWarcsIndexPagesAndADatapackageWithHashes() throws IOException {
        PackResult result = new Packer(Fixtures.options(corpus(3), work).collection("c").maxSize(2048).wacz(true).build())
                .pack();
        Path wacz = result.wacz().orElseThrow();
        assertThat(wacz.getFileName().toString()).isEqualTo("c.wacz");
        try (ZipFile zip = new ZipFile(wacz.toFile())) {
            JsonNode dp = new ObjectMapper().readTree(zip.getInputStream(zip.getEntry("datapackage.json")));
            assertThat(dp.path("profile").asText()).isEqualTo("data-package");
            assertThat(dp.path("wacz_version").asText()).isEqualTo("1.1.1");
            assertThat(dp.path("resources")).hasSize(result.warcs().size() + 2);
            for (JsonNode r : dp.path("resources")) {
                ZipEntry e = zip.getEntry(r.path("path").asText());
                assertThat(e).as(r.path("path").asText()).isNotNull();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                java.security.MessageDigest md = Digests.sha256();
                md.update(bytes);
                assertThat(r.path("hash").asText()).isEqualTo("sha256:" + Digests.hex(md));
                assertThat(r.path("bytes").asLong()).isEqualTo(bytes.length);
                if (r.path("path").asText().startsWith("archive/")) {
                    assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                }
            }
            String pages = new String(zip.getInputStream(zip.getEntry("pages/pages.jsonl")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pages.lines().findFirst().orElseThrow()).contains("\"format\": \"json-pages-1.0\"");
            assertThat(pages.lines().count()).isEqualTo(4);
            String index = new String(zip.getInputStream(zip.getEntry("indexes/index.cdxj")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(index.lines().count()).isEqualTo(3);
            assertThat(zip.getEntry("datapackage-digest.json")).isNotNull();
        }
    }

    @Test
    void sizesAcceptSuffixes() {
        assertThat(PackOptions.parseSize("100M")).isEqualTo(100L << 20);
        assertThat(PackOptions.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(PackOptions.parseSize("512kb")).isEqualTo(512L << 10);
        assertThat(PackOptions.parseSize("12345")).isEqualTo(12345L);
        assertThatThrownBy(() -> PackOptions.parseSize("lots")).hasMessageContaining("lots");
        assertThatThrownBy(() -> PackOptions.parseSize("0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void surtKeysFollowPywb() {
        assertThat(Surt.of("https://www.rfi.fr/cn/a?b=2&a=1#frag")).isEqualTo("fr,rfi)/cn/a?a=1&b=2");
        assertThat(Surt.of("http://Example.COM:8080/")).isEqualTo("com,example:8080)/");
        assertThat(Surt.of("urn:newskeeper:c:rfi/1.md")).isEqualTo("urn:newskeeper:c:rfi/1.md");
    }

    @Test
    void articlesValidatedByTheCallerArePackedWithTheirFindings() throws IOException {
        Path corpus = corpus(3);
        List<org.newskeeper.rules.CheckedArticle> checked;
        try (var s = new org.newskeeper.rules.Validator(org.newskeeper.rules.RuleSettings.defaults()).validate(corpus)) {
            checked = s.map(c -> new org.newskeeper.rules.CheckedArticle(c.article(), List.of(new org.newskeeper.rules.Finding(
                    "test-rule", org.newskeeper.rules.Severity.WARNING, c.article().path(), 1, "from the caller"))))
                    .toList();
        }
        PackResult result = new Packer(Fixtures.options(corpus, work).build()).pack(checked.stream());
        assertThat(result.packed()).isEqualTo(3);
        assertThat(Fixtures.records(result.warcs())).filteredOn(r -> r.type().equals("metadata"))
                .allSatisfy(r -> assertThat(new String(r.block(), StandardCharsets.UTF_8)).contains("\"rule\":\"test-rule\""));
    }

    @Test
    void articlesWhoseWarcWasRemovedArePackedAgain() throws IOException {
        Path corpus = corpus(3);
        PackOptions options = Fixtures.options(corpus, work).build();
        Path warc = new Packer(options).pack().warcs().get(0);
        Files.delete(warc);
        Files.delete(WarcFileWriter.cdxjPath(warc));

        PackResult again = new Packer(options).pack();

        assertThat(again.packed()).isEqualTo(3);
        assertThat(Verifier.verify(List.of(work.resolve("out")), Optional.of(corpus)).problems()).isEmpty();
    }
    @Test
    void metadataGivesShareLinksTheStatusOfWhatTheyShareAndMatchesUrlsByTheirNormalisedKey() throws IOException {
        Path corpus = Files.createDirectories(work.resolve("corpus").resolve("rfi"));
        String share = "https://www.facebook.com/dialog/share?app_id=1&amp;href=https%3A%2F%2Frfi.my%2FAb2d.F";
        Files.writeString(corpus.resolve("1.md"), Fixtures.article(1_690_379_102_000L, "标题",
                "https://www.rfi.fr/cn/1", "<div>26/07/2023 - 15:39</div><p>段落</p>"
                        + "<a href=\"" + share + "\">f</a>"), StandardCharsets.UTF_8);
        // keyed as the link checker's run tables key them: normalised (host case, default port)
        KnownLinks statuses = KnownLinks.of(java.util.Map.of(
                "https://rfi.my/Ab2d.F", new KnownLink("https://rfi.my/Ab2d.F", org.newskeeper.linkstate.LinkStatus.BROKEN, Optional.of(404),
                        Optional.empty(), Optional.empty()),
                "https://WWW.RFI.FR:443/cn/1", new KnownLink("https://www.rfi.fr/cn/1", org.newskeeper.linkstate.LinkStatus.OK, Optional.of(200),
                        Optional.empty(), Optional.empty())));

        PackResult result = new Packer(Fixtures.options(work.resolve("corpus"), work).knownLinks(statuses).build()).pack();

        String json = Fixtures.records(result.warcs()).stream().filter(r -> r.type().equals("metadata"))
                .map(r -> new String(r.block(), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        JsonNode links = new ObjectMapper()
                .readTree(json).path("links");
        java.util.Map<String, String> byRole = new java.util.HashMap<>();
        links.forEach(l -> byRole.put(l.path("role").asText(), l.path("latest").path("status").asText(null)));
        assertThat(byRole).containsEntry("source", "ok").containsEntry("share", "broken");
    }
}
