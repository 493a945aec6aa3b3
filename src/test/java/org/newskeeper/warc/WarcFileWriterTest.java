package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcResource;

class WarcFileWriterTest {
    @TempDir
    Path dir;

    private WarcFileWriter writer(List<WarcFileWriter.Closed> closed) {
        return new WarcFileWriter(dir, "T", "host", 1 << 20, Clock.systemUTC(),
                Map.of("isPartOf", List.of("c")), closed::add, 2);
    }

    @Test
    void aBodyThatRunsShortFailsInsteadOfWritingAPartialRecord() throws IOException {
        List<WarcFileWriter.Closed> closed = new ArrayList<>();
        WarcFileWriter w = writer(closed);
        WarcResource shortBody = new WarcResource.Builder(URI.create("urn:x:1")).version(MessageVersion.WARC_1_1)
                .body(MediaType.OCTET_STREAM, Channels.newChannel(new ByteArrayInputStream(new byte[10])), 100)
                .build();
        assertThatThrownBy(() -> {
            w.submit(List.of(new WarcFileWriter.Item(shortBody, Optional.empty())));
            w.finish();
        }).isInstanceOf(IOException.class);
        w.abandon();
        assertThat(closed).isEmpty();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".warc.gz"));
        }
    }

    @Test
    void groupsAreAppendedInSubmissionOrderWithTheirOffsets() throws IOException {
        List<WarcFileWriter.Closed> closed = new ArrayList<>();
        List<WarcFileWriter.Written> written = new ArrayList<>();
        WarcFileWriter w = writer(closed);
        for (int i = 0; i < 50; i++) {
            WarcResource r = new WarcResource.Builder(URI.create("urn:x:" + i)).version(MessageVersion.WARC_1_1)
                    .body(MediaType.PLAIN_TEXT, ("record " + i).repeat(i + 1).getBytes()).build();
            w.submit(List.of(new WarcFileWriter.Item(r, Optional.empty(), written::add)));
        }
        w.finish();
        assertThat(closed).hasSize(1);
        List<Fixtures.Rec> recs = Fixtures.records(closed.get(0).path());
        assertThat(recs).hasSize(51);
        for (int i = 0; i < 50; i++) {
            assertThat(recs.get(i + 1).field("WARC-Target-URI")).isEqualTo("urn:x:" + i);
            assertThat(written.get(i).offset()).isEqualTo(recs.get(i + 1).offset());
            assertThat(written.get(i).length()).isEqualTo(recs.get(i + 1).length());
        }
    }

    @Test
    void aMemberInflatesWithItsCrcToTheHeaderTheBlockAndTheTrailer() throws IOException {
        byte[] block = "a block that deflates, a block that deflates, a block that deflates".repeat(3000).getBytes();
        WarcResource r = new WarcResource.Builder(URI.create("urn:x:big")).version(MessageVersion.WARC_1_1)
                .body(MediaType.PLAIN_TEXT, block).build();
        byte[] member = new WarcFileWriter.MemberSerializer().member(r);
        byte[] inflated;
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(member))) {
            inflated = in.readAllBytes(); // checks CRC-32 and ISIZE
        }
        byte[] header = r.serializeHeader();
        assertThat(inflated).hasSize(header.length + block.length + 4);
        assertThat(java.util.Arrays.copyOfRange(inflated, 0, header.length)).isEqualTo(header);
        assertThat(java.util.Arrays.copyOfRange(inflated, header.length, header.length + block.length)).isEqualTo(block);
        assertThat(new String(inflated, inflated.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("\r\n\r\n");
        assertThat(member.length).isLessThan(block.length / 10);
    }

    @Test
    void aMemberDeflatedFromTheBlockArrayIsTheMemberDeflatedFromTheRecordBody() {
        byte[] block = "一篇文章 article bytes ".repeat(700).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        WarcResource r = new WarcResource.Builder(URI.create("urn:x:same")).version(MessageVersion.WARC_1_1)
                .body(MediaType.PLAIN_TEXT, block).build();
        byte[] fromBody = new WarcFileWriter.MemberSerializer().member(r);
        byte[] fromArray = new WarcFileWriter.MemberSerializer().member(r, block);
        assertThat(fromArray).isEqualTo(fromBody);
    }

    @Test
    void aBlockArrayThatIsNotTheDeclaredLengthFailsInsteadOfWritingARecord() {
        WarcResource r = new WarcResource.Builder(URI.create("urn:x:other")).version(MessageVersion.WARC_1_1)
                .body(MediaType.PLAIN_TEXT, new byte[100]).build();
        assertThatThrownBy(() -> new WarcFileWriter.MemberSerializer().member(r, new byte[99]))
                .hasMessageContaining("99 bytes, 100 declared");
    }
}
