package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WaczReader;

class PeerTest {
    @TempDir
    Path work;

    @Test
    void jwarcValidatePrintsNothingForOurRotatedWarcs() throws IOException {
        Path corpus = Fixtures.corpus(work.resolve("corpus"), 20, "https://www.rfi.fr");
        PackResult result = new Packer(Fixtures.options(corpus, work).maxSize(8192).build()).pack();
        assertThat(result.warcs()).hasSizeGreaterThan(1);
        assertThat(Peers.jwarcValidate(result.warcs())).isEmpty();
    }

    @Test
    void jwarcValidateIsHeardWhenAWarcIsBroken() throws IOException {
        Path corpus = Fixtures.corpus(work.resolve("corpus"), 2, "https://www.rfi.fr");
        Path warc = new Packer(Fixtures.options(corpus, work).build()).pack().warcs().get(0);
        Fixtures.rewrite(warc, 1, data -> {
            byte[] copy = data.clone();
            copy[copy.length - 8] ^= 0x01;
            return copy;
        });
        assertThat(Peers.jwarcValidate(List.of(warc))).contains("digest");
    }

    @Test
    void verifyCatchesWhatJwarcValidateMisses() throws IOException {
        Path corpus = Fixtures.corpus(work.resolve("corpus"), 2, "https://www.rfi.fr");
        Path warc = new Packer(Fixtures.options(corpus, work).build()).pack().warcs().get(0);
        List<Fixtures.Rec> recs = Fixtures.records(warc);
        // the second article's resource reuses the first one's Record-ID; its metadata points nowhere
        Fixtures.rewrite(warc, 3, Fixtures.replaceInHeader(recs.get(3).field("WARC-Record-ID"),
                recs.get(1).field("WARC-Record-ID")));

        assertThat(Peers.jwarcValidate(List.of(warc))).as("jwarc validate is silent").isEmpty();
        assertThat(Verifier.verify(List.of(warc), Optional.empty()).problems()).extracting(Problem::check)
                .contains("duplicate-record-id", "dangling-reference");
    }

    @Test
    void jwarcReadsTheWaczDatapackage() throws IOException {
        Path corpus = Fixtures.corpus(work.resolve("corpus"), 3, "https://www.rfi.fr");
        Path wacz = new Packer(Fixtures.options(corpus, work).collection("c").wacz(true).build()).pack().wacz().orElseThrow();
        try (WaczReader reader = new WaczReader(wacz)) {
            Map<String, Object> meta = reader.metadata();
            assertThat(meta).containsEntry("profile", "data-package").containsKey("resources");
        }
    }
}
