package org.newskeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.history.Database;
import org.newskeeper.history.LocalCaptures;
import org.newskeeper.history.Preservation;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.nightly.ArchiveLookupStage;
import org.newskeeper.nightly.LinksStage;
import org.newskeeper.nightly.Nightly;
import org.newskeeper.nightly.NightlyListener;
import org.newskeeper.nightly.NightlyOptions;
import org.newskeeper.nightly.NightlyResult;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;

/**
 * The demo's two nights over four of the examples, with the demo's double (faults, TimeGate) and its
 * archive step: the first night captures the page that dies and finds the public mementos; the second
 * sees the page dead, does not ask any archive for it (we hold it), answers the first night's lookups
 * from the cache, and ends with each kind of copy.
 */
class DemoNightsTest {
    static final Path EXAMPLES = Path.of("examples", "corpus");
    static final String ARCHIVED = "https://www.rfi.fr/cn/%E7%BB%8F%E8%B4%B8/20231106-%E6%AC%A7%E7%9B%9F%E5%B0%B1%E7%94%B5"
            + "%E5%8A%A8%E8%BD%A6%E8%A1%A5%E8%B4%B4%E5%B1%95%E5%BC%80%E5%8F%8D%E5%80%BE%E9%94%80%E8%B0%83%E6%9F%A5";
    static final String BOT_WALLED = "http://www.bbc.com/zhongwen/simp/world-53470962";
    static final String LOST = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231109-%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path corpus;
    Path checks;
    WebDouble site;

    @BeforeEach
    void setUp() throws IOException {
        corpus = dir.resolve("corpus");
        checks = dir.resolve("checks");
        for (String f : List.of("rfi/1100101.md", "rfi/1100102.md", "rfi/1100105.md", "bbc/world-53470962.md")) {
            Files.createDirectories(corpus.resolve(f).getParent());
            Files.copy(EXAMPLES.resolve(f), corpus.resolve(f));
        }
        site = DemoSite.startExample(corpus);
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    NightlyResult night() throws IOException {
        PackOptions pack = PackOptions.builder(corpus).out(dir.resolve("out")).database(checks.resolve("links.sqlite"))
                .capture(true).hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE).build();
        // as the demo checks: every URL each night, one retry, no spacing (the double is on loopback)
        LinkCheckOptions links = LinkCheckOptions.builder().hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE)
                .maxRetries(1).retryBase(Duration.ofMillis(10)).perHostInterval(Duration.ZERO).maxAge(Duration.ZERO).build();
        return new Nightly(new NightlyOptions(checks, RuleSettings.defaults(), pack, Clock.systemUTC()),
                new LinksStage(corpus, links), Optional.of(new ArchiveLookupStage(DemoSite.archiveOptions(site))),
                NightlyListener.QUIET).run();
    }

    JsonNode archives(NightlyResult r, RunStore store) throws IOException {
        RunStage s = store.stage(r.report().run().id(), org.newskeeper.history.Stage.ARCHIVES).orElseThrow();
        assertThat(s.state()).isEqualTo(RunStage.State.DONE);
        return JSON.readTree(s.data());
    }

    static List<String> failing(RunStore store, String runId) throws IOException {
        return store.links(runId).stream().filter(l -> l.status().isFailure() || l.status() == LinkStatus.BLOCKED)
                .map(RunLink::url).toList();
    }

    @Test
    void theSecondNightHoldsTheDeadPageInOurCaptureAndTheOthersInThePublicArchiveOrNowhere() throws IOException {
        NightlyResult first = night();
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            JsonNode a1 = archives(first, store);
            assertThat(a1.path("found").asInt()).as(a1.toString()).isEqualTo(2);
            assertThat(a1.path("failed").asInt()).isZero();
            assertThat(a1.path("cached").asInt()).isZero();
            assertThat(a1.path("lookups").asInt()).isEqualTo(a1.path("candidates").asInt());
            assertThat(failing(store, first.report().run().id())).contains(ARCHIVED, BOT_WALLED, LOST)
                    .doesNotContain(DemoSiteTest.DOOMED);
            assertThat(new LocalCaptures(db).of(DemoSiteTest.DOOMED)).as("captured alive on night 1").isPresent();
        }
        assertThat(site.requests(DemoSite.timeGatePrefix() + ARCHIVED)).as("TimeGate, then memento").isEqualTo(1);

        DemoSite.startSecondNight(site, corpus);
        NightlyResult second = night();

        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            String run = second.report().run().id();
            JsonNode a2 = archives(second, store);
            assertThat(a2.path("cached").asInt()).as("the first night's answers, from the cache: " + a2)
                    .isEqualTo(archives(first, store).path("candidates").asInt());
            assertThat(a2.path("found").asInt()).isZero();
            assertThat(a2.path("failed").asInt()).isZero();
            List<String> failing = failing(store, run);
            assertThat(failing).contains(DemoSiteTest.DOOMED, ARCHIVED, BOT_WALLED, LOST);
            assertThat(a2.path("candidates").asInt()).as("every failing URL but the one we captured")
                    .isEqualTo(failing.size() - 1);

            Map<String, Preservation.Copy> copies = Preservation.of(db, failing);
            Preservation.Copy ours = copies.get(DemoSiteTest.DOOMED);
            assertThat(ours.state()).isEqualTo(Preservation.State.PRESERVED);
            assertThat(ours.capture().orElseThrow().targetUri()).isEqualTo(DemoSiteTest.DOOMED);
            assertThat(ours.capture().orElseThrow().filename()).endsWith(".warc.gz");
            assertThat(ours.capture().orElseThrow().recordId()).startsWith("urn:uuid:");
            assertThat(ours.memento()).isEmpty();

            Preservation.Copy elsewhere = copies.get(ARCHIVED);
            assertThat(elsewhere.state()).isEqualTo(Preservation.State.ARCHIVED_ELSEWHERE);
            assertThat(elsewhere.memento().orElseThrow().archive()).isEqualTo(DemoSite.TIMEGATE_HOST);
            assertThat(elsewhere.memento().orElseThrow().memento()).contains("http://archive.example/web/20231106110000/" + ARCHIVED);
            assertThat(elsewhere.memento().orElseThrow().datetime())
                    .as("the memento closest to the article's timestamp, not the one a year later")
                    .contains(Instant.ofEpochMilli(1699257600000L).plus(DemoSite.MEMENTO_AFTER));
            assertThat(copies.get(BOT_WALLED).state()).isEqualTo(Preservation.State.ARCHIVED_ELSEWHERE);
            assertThat(copies.get(LOST).state()).isEqualTo(Preservation.State.LOST);
            Map<Preservation.State, Integer> counts = Preservation.counts(copies.values());
            assertThat(counts.get(Preservation.State.PRESERVED)).isOne();
            assertThat(counts.get(Preservation.State.ARCHIVED_ELSEWHERE)).isEqualTo(2);
        }
        assertThat(site.requests(DemoSite.timeGatePrefix() + DemoSiteTest.DOOMED)).as("never asked for what we hold").isZero();
        assertThat(site.requests(DemoSite.timeGatePrefix() + ARCHIVED)).as("not asked again the second night").isEqualTo(1);
        assertThat(second.report().changes().newBroken()).contains(DemoSiteTest.DOOMED);
    }
}
