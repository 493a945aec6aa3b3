package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

class DigestsTest {
    @Test
    void base32IsCommonsCodecsBase32ForEveryLengthAndPadding() {
        Random random = new Random(13);
        Base32 codec = new Base32();
        for (int length = 0; length <= 41; length++) {
            for (int i = 0; i < 50; i++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                assertThat(Digests.base32(bytes)).isEqualTo(codec.encodeAsString(bytes));
            }
        }
    }

    @Test
    void aSha1LabelIsThirtyTwoBase32CharactersOfTheDigest() {
        // the digest of "abc" (FIPS 180 example), a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d
        assertThat(Digests.sha1("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
    }
}
