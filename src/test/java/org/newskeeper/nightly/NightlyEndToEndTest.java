package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.Fault;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.history.MutableClock;
import org.newskeeper.report.Report;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;

/**
 * Nights of the nightly job over a corpus served by the fault-injecting web double, with a test
 * clock moving a day per night: an article is added and a link dies between two runs.
 */
class NightlyEndToEndTest {
    static final String IMAGE = "https://s.rfi.fr/media/display/5d1b6a2e-7b9c-11ee-a1b2-005056a90321/w:1280/p:16x9/macron-pekin.jpg";
    static final String ADDED = "voa/5510399.md";
    static final String ADDED_SOURCE = "https://www.voachinese.com/a/added-article-20200723/5510399.html";

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

    NightlyResult night() throws IOException {
        clock.advance(Duration.ofHours(24));
        PackOptions pack = PackOptions.builder(corpus).out(dir.resolve("out")).database(checks.resolve("links.sqlite"))
                .capture(true).hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE).build();
        LinkCheckOptions links = LinkCheckOptions.builder().hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE)
                .maxRetries(1).retryBase(Duration.ofMillis(10)).perHostInterval(Duration.ZERO).maxAge(Duration.ofHours(12))
                .build();
        return new Nightly(new NightlyOptions(checks, RuleSettings.defaults(), pack, clock),
                new LinksStage(corpus, links), NightlyListener.QUIET).run();
    }

    @Test
    void theSecondRunSaysExactlyWhatIsNewAndLaterRunsFollowTheConfirmationRule() throws IOException {
        NightlyResult first = night();
        assertThat(first.exitCode()).as("first night, all alive, no errors").isZero();
        assertThat(first.report().summary().links()).isGreaterThan(10);
        assertThat(first.report().links()).isEmpty();

        Files.writeString(corpus.resolve(ADDED), "[美中关系：新文章](" + ADDED_SOURCE + ")\n------\n\n"
                + "<div><i>Thu, 23 Jul 2020 10:00:00 GMT</i></div><img src=\"" + IMAGE + "\"><p>没有时间戳的文章。</p>\n",
                StandardCharsets.UTF_8);
        site.page(ADDED_SOURCE, "美中关系：新文章");
        Fault.GONE.apply(site, IMAGE);

        NightlyResult second = night();
        assertThat(second.exitCode()).as("an added article with an error finding").isEqualTo(1);
        Report.Changes c = second.report().changes();
        assertThat(c.newArticles()).containsExactly(ADDED);
        assertThat(c.removedArticles()).isEmpty();
        assertThat(c.newFindings()).isNotEmpty().allMatch(f -> f.path().equals(ADDED));
        assertThat(c.newFindings()).anyMatch(f -> f.rule().equals("timestamp-missing"));
        assertThat(c.fixedFindings()).isEmpty();
        assertThat(c.newBroken()).containsExactly(IMAGE);
        assertThat(c.newlyConfirmed()).isEmpty();
        assertThat(c.fixed()).isEmpty();
        assertThat(c.stillBroken()).isEmpty();
        Report.LinkProblem dead = second.report().links().get(0);
        assertThat(second.report().links()).hasSize(1);
        assertThat(dead.url()).isEqualTo(IMAGE);
        assertThat(dead.status().id()).isEqualTo("broken");
        assertThat(dead.code()).contains(410);
        assertThat(dead.state()).isEqualTo("failing");
        assertThat(dead.stateText()).isEqualTo("failing, 1 of 3 nights");
        assertThat(dead.isNew()).isTrue();
        assertThat(dead.consecutiveFailures()).isEqualTo(1);
        assertThat(dead.citedBy()).extracting(Report.Citing::path).containsExactlyInAnyOrder("rfi/1100101.md", ADDED);

        JsonNode json = new ObjectMapper().readTree(second.runDir().resolve("report.json").toFile());
        assertThat(json.path("changes").path("new_articles").toString()).isEqualTo("[\"" + ADDED + "\"]");
        assertThat(json.path("changes").path("new_broken").toString()).isEqualTo("[\"" + IMAGE + "\"]");
        String md = Files.readString(second.runDir().resolve("report.md"));
        assertThat(md).contains("- new articles: 1, removed: 0").contains("newly failing links: 1, newly dead: 0")
                .contains("failing, 1 of 3 nights (new) | broken 410");
        String html = Files.readString(second.runDir().resolve("report.html"));
        assertThat(html.lines().filter(l -> l.startsWith("<tr data-state=\"failing\" data-status=\"broken\"")))
                .as("one row per URL, both citing articles in it").hasSize(1)
                .allMatch(l -> l.contains("data-new=\"true\"") && l.contains("macron-pekin.jpg"))
                .anyMatch(l -> l.contains("美中关系：新文章") && l.contains(ADDED) && l.contains("2 articles"));
        assertThat(html).contains("Something new is wrong since the previous run.");
        String[] csv = Files.readString(second.runDir().resolve("broken-links.csv")).split("\r\n");
        assertThat(csv).as("a header and one row per URL (CRLF ends a row; its articles are lines of one cell)").hasSize(2);
        assertThat(csv[1]).contains("\"rfi/1100101.md\n" + ADDED + "\"");
        assertThat(Files.readString(second.runDir().resolve("junit.xml"))).contains("name=\"" + ADDED + "\">")
                .contains("tests=\"5\"");
        assertThat(Files.readString(checks.resolve("latest").resolve("report.json")))
                .isEqualTo(Files.readString(second.runDir().resolve("report.json")));

        NightlyResult third = night();
        assertThat(third.exitCode()).as("nothing changed").isZero();
        assertThat(third.report().changes().newArticles()).isEmpty();
        assertThat(third.report().changes().newFindings()).isEmpty();
        assertThat(third.report().changes().newBroken()).isEmpty();
        assertThat(third.report().changes().stillBroken()).containsExactly(IMAGE);
        assertThat(third.report().links().get(0).state()).isEqualTo("failing");
        assertThat(Files.readString(third.runDir().resolve("report.html"))).contains("Nothing new is wrong since the previous run; 0 dead, 1 failing, 0 blocked still to review.")
                .contains("data-new=\"false\"").doesNotContain("data-new=\"true\"");

        NightlyResult fourth = night();
        assertThat(fourth.exitCode()).as("third failure over 48 hours: confirmed").isEqualTo(1);
        assertThat(fourth.report().changes().newlyConfirmed()).containsExactly(IMAGE);
        assertThat(fourth.report().links().get(0).state()).isEqualTo("dead");
        assertThat(Files.readString(fourth.runDir().resolve("junit.xml"))).contains("dead link (dead (3 failures, confirmed); image, status broken 410");

        NightlyResult fifth = night();
        assertThat(fifth.exitCode()).as("still confirmed, nothing new").isZero();
        assertThat(fifth.report().health()).hasSize(5);
        assertThat(fifth.report().health()).extracting(Report.HealthPoint::broken).containsExactly(0L, 0L, 0L, 1L, 1L);
    }
}
