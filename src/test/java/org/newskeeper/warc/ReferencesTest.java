package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferencesTest {
    @Test
    void recordIdsAreKeyedCompactlyWithoutMakingTwoDifferentIdsEqual() {
        String id = "urn:uuid:0f8c2b7e-3a4d-4c1b-9e2f-a1b2c3d4e5f6";
        assertThat(References.key(id)).isEqualTo(References.key(new String(id))).isNotInstanceOf(String.class);
        assertThat(References.key(id)).isNotEqualTo(References.key("urn:uuid:0f8c2b7e-3a4d-4c1b-9e2f-a1b2c3d4e5f7"));
        // not the canonical lower-case form: kept as the string, so it equals only itself
        String upper = id.toUpperCase().replace("URN:UUID:", "urn:uuid:");
        assertThat(References.key(upper)).isEqualTo(upper).isNotEqualTo(References.key(id));
        assertThat(References.key("<urn:x:1>")).isEqualTo("<urn:x:1>");
    }

    @Test
    void aSeenRecordGivesBackWhatARevisitIsCheckedAgainst() {
        References.Seen original = new References.Seen("f.warc.gz", 42, Optional.of("sha1:ABC"),
                Optional.of("http://bücher.example/中国"), Optional.empty());
        assertThat(original.file()).isEqualTo("f.warc.gz");
        assertThat(original.offset()).isEqualTo(42);
        assertThat(original.payloadDigest()).contains("sha1:ABC");
        assertThat(original.target()).contains("http://bücher.example/中国");
        assertThat(original.date()).isEmpty();
        References.Seen plain = new References.Seen("f", 0, Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(plain.payloadDigest()).isEmpty();
        assertThat(plain.target()).isEmpty();
    }
}
