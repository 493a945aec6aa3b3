package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.LinkState;
import org.newskeeper.history.MutableClock;
import org.newskeeper.history.RunStage;
import org.newskeeper.report.Report;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;

/**
 * The nightly job left alone through an outage: one night online against the loopback web double,
 * three nights with every host refusing connections (a day apart on a test clock), then online
 * again. Nothing leaves the machine: every host is mapped to loopback, a closed port when offline.
 */
class NightlyOutageTest {
    @TempDir
    Path dir;
    Path corpus;
    Path checks;
    WebDouble site;
    final MutableClock clock = MutableClock.ticking(Instant.parse("2026-11-20T02:00:00Z"));

    @BeforeEach
    void setUp() throws IOException {
        corpus = dir.resolve("corpus");
        checks = dir.resolve("checks");
        for (String f : List.of("rfi/1100101.md", "voa/5510301.md", "cdt/332801.md", "jekyll/2020-07-27-rti-2073699.md")) {
            Files.createDirectories(corpus.resolve(f).getParent());
            Files.copy(Path.of("examples", "corpus").resolve(f), corpus.resolve(f));
        }
        site = DemoSite.start(corpus, List.of());
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    /** A loopback address nothing listens on: every connection to it is refused. */
    static InetSocketAddress refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }

    NightlyResult night(HostMap hosts) throws IOException {
        clock.advance(Duration.ofHours(24));
        PackOptions pack = PackOptions.builder(corpus).out(dir.resolve("out")).database(checks.resolve("links.sqlite"))
                .capture(false).build();
        LinkCheckOptions links = LinkCheckOptions.builder().hostMap(hosts).addressPolicy(AddressPolicy.ALLOW_PRIVATE)
                .maxRetries(1).retryBase(Duration.ofMillis(10)).perHostInterval(Duration.ZERO)
                .maxAge(Duration.ofHours(12)).build();
        return new Nightly(new NightlyOptions(checks, RuleSettings.defaults(), pack, clock),
                new LinksStage(corpus, links), NightlyListener.QUIET).run();
    }

    private static RunStage links(NightlyResult r) {
        return r.report().run().stages().stream().filter(s -> s.name() == org.newskeeper.history.Stage.LINKS).findFirst().orElseThrow();
    }

    @Test
    void threeNightsOfflineConfirmNothingExitThreeAndTheLinksComeBackWithUnbrokenHistory() throws IOException {
        NightlyResult first = night(site.hostMap());
        assertThat(first.exitCode()).as("night 1, online").isZero();
        assertThat(links(first).state()).isEqualTo(RunStage.State.DONE);
        int urls = first.report().summary().links();
        assertThat(urls).isGreaterThan(10);
        assertThat(first.report().links()).isEmpty();
        Instant firstNight = clock.instant();

        HostMap offline = HostMap.all(site.hostMap().hosts().keySet(), refusing());
        List<NightlyResult> down = new ArrayList<>();
        for (int n = 2; n <= 4; n++) {
            NightlyResult r = night(offline);
            down.add(r);
            assertThat(r.exitCode()).as("night " + n + ", offline").isEqualTo(NightlyResult.FAILED);
            assertThat(r.report().networkUnavailable()).isTrue();
            assertThat(links(r).state()).isEqualTo(RunStage.State.UNAVAILABLE);
            assertThat(links(r).message()).startsWith(Report.NETWORK_UNAVAILABLE);
            assertThat(r.report().summary().broken()).as("nothing confirmed on night " + n).isZero();
            assertThat(Files.readString(r.runDir().resolve("report.md"), StandardCharsets.UTF_8))
                    .contains("**network unavailable: link results not counted")
                    .doesNotContain("Nothing new is wrong");
            assertThat(Files.readString(r.runDir().resolve("report.html"), StandardCharsets.UTF_8))
                    .contains("network unavailable: link results not counted");
            assertThat(Files.readString(r.runDir().resolve("report.json"), StandardCharsets.UTF_8))
                    .contains("\"network_unavailable\" : true");
        }
        assertThat(links(down.get(0)).message()).contains("hosts unreachable");

        NightlyResult back = night(site.hostMap());
        assertThat(back.exitCode()).as("night 5, online again").isZero();
        assertThat(back.report().networkUnavailable()).isFalse();
        assertThat(links(back).state()).isEqualTo(RunStage.State.DONE);
        assertThat(back.report().summary().links()).isEqualTo(urls);
        assertThat(back.report().links()).as("no broken or suspect link").isEmpty();

        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            LinkHistory history = new LinkHistory(db, clock);
            List<LinkState> states = history.states();
            assertThat(states).isNotEmpty().allSatisfy(s -> {
                assertThat(s.status().isAlive()).as(s.url()).isTrue();
                assertThat(s.consecutiveFailures()).isZero();
                assertThat(s.confirmed()).isFalse();
                assertThat(s.firstSeen()).isBefore(firstNight);
            });
            // every night is in the history: alive, three nights not counted, alive again
            assertThat(history.observations(states.get(0).url())).hasSize(5);
        }
    }
}
