package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    @ParameterizedTest
    @CsvSource({
        "0177.0.0.1, 127.0.0.1",
        "0x7f.1, 127.0.0.1",
        "0X7F.0.0.1, 127.0.0.1",
        "2130706433, 127.0.0.1",
        "127.1, 127.0.0.1",
        "0x7f000001, 127.0.0.1",
        "127.0.0.1., 127.0.0.1",
        "017700000001, 127.0.0.1",
        "0300.0250.1, 192.168.0.1",
        "010.8.8.8, 8.8.8.8",
        "0x.0.0.0, 0.0.0.0",
        "8.8.8.8, 8.8.8.8",
    })
    void numericHostsAreReadTheWayBrowsersReadThem(String host, String address) throws Exception {
        assertThat(AddressPolicy.literal(host)).contains(InetAddress.getByName(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "256.1.1.1", "1.2.3.4.5", "0x7g.1", "127.0.0.0x100", "4294967296",
            "09.1.1.1", "news.0x", "1..1"})
    void namesAndInvalidNumbersAreNoLiteral(String host) {
        assertThat(AddressPolicy.literal(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::7f00:1]", "[::127.0.0.1]", "[::a00:1]", "[64:ff9b::7f00:1]", "[64:ff9b::10.1.2.3]",
            "[64:ff9b:1:7f00:1::]", "[64:ff9b:1::a9fe:a9fe]", "[2002:7f00:1::1]", "[2002:c0a8:101::]",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[::ffff:0:7f00:1]", "[::ffff:0:a9fe:a9fe]", "[::ffff:7f00:1]",
            "0177.0.0.1", "0x7f.1", "2130706433", "127.1", "0x0a.0.0.1", "0xa9.0376.43518", "0.0.0.0", "[::]", "[::1]"})
    void addressesCarryingOrSpellingAPrivateIpv4AreRefused(String host) {
        assertThat(AddressPolicy.PUBLIC_ONLY.permitsLiteral(host)).as(host).isFalse();
        assertThat(AddressPolicy.ALLOW_PRIVATE.permitsLiteral(host)).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::808:808]", "[64:ff9b::808:808]", "[2002:808:808::1]",
            "[2001:0:4136:e378:8000:63bf:f7f7:f7f7]", "[::ffff:0:808:808]", "[2a00:1450:4001::200e]", "8.8.8.8",
            "www.rfi.fr", "1.2.3.4.5"})
    void publicAddressesAndNamesPass(String host) {
        assertThat(AddressPolicy.PUBLIC_ONLY.permitsLiteral(host)).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "010.0.0.1"})
    void aSpellingBrowsersAndJavaReadDifferentlyIsRefusedWhenEitherReadingIsPrivate(String host) {
        // browsers: 127.0.0.1 and 8.0.0.1; Java (where OkHttp connects): 177.0.0.1 and 10.0.0.1
        assertThat(AddressPolicy.readings(host)).hasSize(2);
        assertThat(AddressPolicy.PUBLIC_ONLY.permitsLiteral(host)).isFalse();
    }
}
