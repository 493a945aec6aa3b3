package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newskeeper.linkstate.TimeGateAnswer;

class TimeGateClientTest {
    private static final String DEAD = "https://news.example/2021/story";
    private static final String ARCHIVE = "http://archive.test/web/";
    private static final List<Instant> HELD = List.of(Instant.parse("2019-01-01T00:00:00Z"),
            Instant.parse("2021-06-01T12:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"));

    private TimeGateDouble gate;

    @BeforeEach
    void start() throws Exception {
        gate = new TimeGateDouble(Map.of(DEAD, HELD));
    }

    @AfterEach
    void stop() throws Exception {
        gate.close();
    }

    /** Public-only addresses, with the archive's name mapped to the double (as the demo maps its hosts). */
    private TimeGateOptions options() {
        return TimeGateOptions.defaults().withTimegates(List.of(ARCHIVE)).withRate(1000)
                .withHostMap(HostMap.all(List.of("archive.test"), gate.address()));
    }

    @Test
    void aTimeGateRedirectToTheMementoGivesTheMementoClosestToTheDatetimeAsked() throws Exception {
        try (TimeGateClient c = new TimeGateClient(options())) {
            TimeGateAnswer a = c.lookup(ARCHIVE, DEAD, Instant.parse("2021-03-15T00:00:00Z"));
            assertThat(a.outcome()).isEqualTo(TimeGateAnswer.Outcome.FOUND);
            assertThat(a.memento()).contains("http://archive.test/web/20210601120000/" + DEAD);
            assertThat(a.datetime()).contains(Instant.parse("2021-06-01T12:00:00Z"));
            assertThat(a.archive()).isEqualTo("archive.test");
        }
        var first = gate.requests.peek();
        assertThat(first.getTarget()).isEqualTo("/web/" + DEAD);
        assertThat(first.getHeaders().get("Accept-Datetime")).isEqualTo("Mon, 15 Mar 2021 00:00:00 GMT");
        assertThat(gate.requestCount()).isEqualTo(2); // the TimeGate, then the memento for its Memento-Datetime
    }

    @Test
    void tooManyRequestsIsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        gate.throttle(1);
        long start = System.nanoTime();
        try (TimeGateClient c = new TimeGateClient(options())) {
            TimeGateAnswer a = c.lookup(ARCHIVE, DEAD, Instant.parse("2019-02-01T00:00:00Z"));
            assertThat(a.outcome()).isEqualTo(TimeGateAnswer.Outcome.FOUND);
            assertThat(a.datetime()).contains(Instant.parse("2019-01-01T00:00:00Z"));
        }
        List<Long> times = List.copyOf(gate.times);
        assertThat(times).hasSize(3);
        assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anUrlTheArchiveDoesNotHoldIsNotFoundAndNoConnectionIsAFailure() throws Exception {
        try (TimeGateClient c = new TimeGateClient(options())) {
            TimeGateAnswer none = c.lookup(ARCHIVE, "https://news.example/never-archived", Instant.now());
            assertThat(none.outcome()).isEqualTo(TimeGateAnswer.Outcome.NOT_FOUND);
            assertThat(none.answered()).isTrue();
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        TimeGateOptions down = options().withHostMap(HostMap.all(List.of("archive.test"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), closed)));
        try (TimeGateClient c = new TimeGateClient(down)) {
            TimeGateAnswer failed = c.lookup(ARCHIVE, DEAD, Instant.now());
            assertThat(failed.outcome()).isEqualTo(TimeGateAnswer.Outcome.FAILED);
            assertThat(failed.answered()).isFalse();
        }
    }

    @Test
    void aTimeGateAtAPrivateAddressIsRefusedWithoutARequest() throws Exception {
        String literal = "http://127.0.0.1:" + gate.port() + "/web/";
        String named = "http://archive.internal:" + gate.port() + "/web/";
        Dns rebinding = host -> host.equals("archive.internal") ? List.of(InetAddress.getLoopbackAddress()) : Dns.SYSTEM.lookup(host);
        TimeGateOptions publicOnly = TimeGateOptions.defaults().withTimegates(List.of(literal, named)).withRate(1000);
        try (TimeGateClient c = new TimeGateClient(publicOnly, rebinding)) {
            TimeGateAnswer a = c.lookup(literal, DEAD, Instant.now());
            assertThat(a.outcome()).isEqualTo(TimeGateAnswer.Outcome.FAILED);
            assertThat(a.error().orElseThrow()).contains("private address");
            TimeGateAnswer b = c.lookup(named, DEAD, Instant.now());
            assertThat(b.outcome()).isEqualTo(TimeGateAnswer.Outcome.FAILED);
            assertThat(b.error().orElseThrow()).contains("private address");
        }
        assertThat(gate.requestCount()).isZero();
    }
}
