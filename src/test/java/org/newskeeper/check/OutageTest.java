package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.MutableClock;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.Citation;

/**
 * Outages are not deaths: a network (or a host) that is down is told from dead URLs. Every name is
 * resolved by a resolver double (to loopback, or not at all); nothing leaves the machine.
 */
class OutageTest {
    static final List<String> HOSTS = List.of("a.example", "b.example", "c.example", "d.example", "e.example",
            "f.example");

    @TempDir
    Path dir;
    MockWebServer server;
    Database db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T01:00:00Z"));
    final AtomicInteger lookups = new AtomicInteger();

    /** Every host resolves to loopback (where the test's server or a closed port is). */
    final Dns online = host -> {
        lookups.incrementAndGet();
        return List.of(InetAddress.getLoopbackAddress());
    };

    /** No name resolves: the machine has no network. */
    final Dns offline = host -> {
        lookups.incrementAndGet();
        throw new UnknownHostException(host + ": Temporary failure in name resolution");
    };

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).body("<title>ok</title>").build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        db = Database.open(dir.resolve("links.sqlite"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        db.close();
    }

    /** A loopback port nothing listens on: connections to it are refused. */
    static int refusingPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private LinkCheckOptions.Builder options() {
        return TestOptions.fast().clock(clock).maxAge(Duration.ofHours(12)).confirmAfter(3)
                .confirmSpan(Duration.ofHours(48));
    }

    /** Two URLs on each of the six hosts, at {@code port}. */
    private static List<LinkCheck.Request> citations(int port) {
        List<LinkCheck.Request> list = new ArrayList<>();
        for (String h : HOSTS) {
            for (int i = 1; i <= 2; i++) {
                list.add(new LinkCheck.Request("http://" + h + ":" + port + "/story/" + i,
                        Citation.of("site/" + h + ".md", Role.SOURCE, i)));
            }
        }
        return list;
    }

    private LinkReport night(List<LinkCheck.Request> citations, LinkCheckOptions o, Dns resolver) throws IOException {
        clock.advance(Duration.ofHours(24));
        return new LinkCheck(db).check(citations, o, LinkCheck.QUIET, resolver);
    }

    @Test
    void aHostRefusingEveryConnectionCostsAtMostKAttemptsForItsThreeHundredUrls() throws IOException {
        int port = refusingPort();
        List<LinkCheck.Request> cited = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            cited.add(new LinkCheck.Request("http://refusing.example:" + port + "/a/" + i,
                    Citation.of("x.md", Role.SOURCE, i + 1)));
        }
        LinkReport r = night(cited, options().hostFailures(5).perHost(2).concurrency(8).build(), online);

        assertThat(lookups.get()).as("connection attempts (one lookup each)").isLessThanOrEqualTo(5);
        assertThat(r.links()).hasSize(300).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(LinkStatus.UNREACHABLE);
            assertThat(o.consecutiveFailures()).as("counts towards confirmation once, as any failure").isEqualTo(1);
        });
        assertThat(r.hostEvents()).singleElement().satisfies(h -> {
            assertThat(h.host()).isEqualTo("refusing.example");
            assertThat(h.attempts()).isEqualTo(5);
            assertThat(h.notRequested()).isEqualTo(295);
            assertThat(h.describe()).contains("host refusing.example down: connection refused");
        });
        assertThat(r.requested()).isEqualTo(5);
        assertThat(r.links()).filteredOn(o -> o.error().orElse("").startsWith("not requested: host refusing.example"))
                .hasSize(295);
        assertThat(r.unavailable()).as("one host of one is below the five hosts an outage needs").isEmpty();
    }

    @Test
    void nightsWithoutDnsAreRecordedButConfirmNothingAndResetNothing() throws IOException {
        LinkCheckOptions o = options().build();
        LinkReport first = night(citations(server.getPort()), o, online);
        assertThat(first.unavailable()).isEmpty();
        assertThat(first.links()).allSatisfy(l -> assertThat(l.status().isAlive()).isTrue());
        Instant aliveAt = clock.instant();

        for (int n = 0; n < 3; n++) {
            LinkReport down = night(citations(server.getPort()), o, offline);
            assertThat(down.unavailable()).get().asString()
                    .startsWith(LinkCheck.UNAVAILABLE).contains("6 of 6 hosts unreachable");
            assertThat(down.links()).allSatisfy(l -> {
                assertThat(l.status()).isEqualTo(LinkStatus.UNREACHABLE);
                assertThat(l.confirmed()).isFalse();
                assertThat(l.consecutiveFailures()).isZero();
                assertThat(l.lastOk()).contains(aliveAt);
            });
            assertThat(down.hasConfirmed()).isFalse();
        }

        LinkReport back = night(citations(server.getPort()), o, online);
        assertThat(back.unavailable()).isEmpty();
        String url = "http://a.example:" + server.getPort() + "/story/1";
        LinkOutcome a = back.links().stream().filter(l -> l.url().equals(url)).findFirst().orElseThrow();
        assertThat(a.status()).isEqualTo(LinkStatus.OK);
        assertThat(a.consecutiveFailures()).isZero();
        assertThat(a.firstSeen()).contains(first.links().get(0).firstSeen().orElseThrow());
        List<LinkObservation> seen = new LinkHistory(db, clock).observations(url);
        assertThat(seen).extracting(LinkObservation::status).containsExactly(LinkStatus.OK, LinkStatus.UNREACHABLE,
                LinkStatus.UNREACHABLE, LinkStatus.UNREACHABLE, LinkStatus.OK);
    }

    @Test
    void oneDeadHostAmongSixIsADeathNotAnOutage() throws IOException {
        int closed = refusingPort();
        List<LinkCheck.Request> cited = new ArrayList<>(citations(server.getPort()));
        cited.add(new LinkCheck.Request("http://gone.example:" + closed + "/x",
                Citation.of("site/gone.md", Role.SOURCE, 1)));
        LinkReport r = night(cited, options().build(), online);
        assertThat(r.unavailable()).isEmpty();
        LinkOutcome gone = r.links().stream().filter(l -> l.url().contains("gone.example")).findFirst().orElseThrow();
        assertThat(gone.status()).isEqualTo(LinkStatus.UNREACHABLE);
        assertThat(gone.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void whenEveryCanaryFailsTheRunIsUnavailableEvenWithOneHost() throws IOException {
        int closed = refusingPort();
        List<LinkCheck.Request> cited = List.of(new LinkCheck.Request("http://gone.example:" + closed + "/x",
                Citation.of("a.md", Role.SOURCE, 1)));
        LinkCheckOptions o = options().canaries(List.of("http://canary.example:" + closed + "/")).build();
        LinkReport r = night(cited, o, online);
        assertThat(r.unavailable()).get().asString().startsWith(LinkCheck.UNAVAILABLE).contains("every canary failed");
        assertThat(r.links().get(0).consecutiveFailures()).isZero();

        LinkCheckOptions answering = options().canaries(List.of(server.url("/").toString())).build();
        LinkReport up = night(cited, answering, online);
        assertThat(up.unavailable()).isEmpty();
        assertThat(up.links().get(0).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void hostFailuresAndCanariesAreReadFromTheLinksTable() throws IOException, ConfigException {
        Path toml = dir.resolve("newskeeper.toml");
        Files.writeString(toml, "[links]\nhost_failures = 3\ncanaries = [\"https://example.org/\"]\n");
        LinkCheckOptions o = LinkCheckOptions.from(Config.read(toml));
        assertThat(o.hostFailures()).isEqualTo(3);
        assertThat(o.canaries()).containsExactly("https://example.org/");
        assertThat(LinkCheckOptions.defaults().hostFailures()).isEqualTo(5);

        Files.writeString(toml, "[links]\ncanaries = [\"example.org\"]\n");
        assertThatThrownBy(() -> LinkCheckOptions.from(Config.read(toml))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("canaries").hasMessageContaining("example.org");
        Files.writeString(toml, "[links]\nhost_failures = 0\n");
        assertThatThrownBy(() -> LinkCheckOptions.from(Config.read(toml))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("host_failures");
    }
}
