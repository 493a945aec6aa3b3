package org.newskeeper.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newskeeper.report.ReportFixtures.DEAD;
import static org.newskeeper.report.ReportFixtures.DYING;
import static org.newskeeper.report.ReportFixtures.HEALED;
import static org.newskeeper.report.ReportFixtures.HOSTILE_URL;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.rules.Finding;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

class ReportBuilderTest {
    @TempDir
    Path dir;
    ReportFixtures fx;

    @AfterEach
    void close() throws IOException {
        if (fx != null) {
            fx.db.close();
        }
    }

    @Test
    void secondRunSaysExactlyWhatIsNewFixedAndStillBroken() throws IOException {
        fx = new ReportFixtures(dir).firstRun().secondRun();
        Report r = fx.report();

        assertThat(r.run().previous()).contains(fx.first.id());
        assertThat(r.changes().newArticles()).containsExactly("bbc/3.md");
        assertThat(r.changes().newFindings()).extracting(Finding::rule).containsExactly("html-malformed", "slug-title-mismatch");
        assertThat(r.changes().newErrors()).isEqualTo(1);
        assertThat(r.changes().newBroken()).containsExactlyInAnyOrder(DYING, HOSTILE_URL, "javascript:alert(4)");
        assertThat(r.changes().fixed()).containsExactly(HEALED);
        assertThat(r.changes().stillBroken()).containsExactly(DEAD);
        assertThat(r.changes().newlyConfirmed()).isEmpty();
        assertThat(r.hasNewProblems()).isTrue();
    }

    @Test
    void theTableListsFailingLinksConfirmedFirstWithEveryCitingArticle() throws IOException {
        fx = new ReportFixtures(dir).firstRun().secondRun();
        Report r = fx.report();

        assertThat(r.links()).extracting(Report.LinkProblem::url).first().isEqualTo(DEAD);
        assertThat(r.links()).extracting(Report.LinkProblem::url).doesNotContain(HEALED, "whatsapp://send?text=x");
        Report.LinkProblem dying = r.links().stream().filter(l -> l.url().equals(DYING)).findFirst().orElseThrow();
        assertThat(dying.state()).isEqualTo("failing");
        assertThat(dying.stateText()).isEqualTo("failing, 1 of 3 nights");
        assertThat(dying.confirmation().id()).isEqualTo("suspect");
        assertThat(dying.isNew()).isTrue();
        assertThat(dying.ageDays()).isEqualTo(3);
        assertThat(dying.citedBy()).extracting(Report.Citing::path).containsExactly("voa/2.md", "bbc/3.md");
        assertThat(dying.citedBy().get(0).title()).contains("美国之音");
        assertThat(dying.citations()).isEqualTo(2);
        assertThat(dying.roles()).containsExactly("link", "source");
        assertThat(dying.wayback()).isEqualTo("https://web.archive.org/web/*/" + DYING);
        assertThat(r.summary().dead()).isEqualTo(1);
        assertThat(r.summary().failing()).isEqualTo(3);
        assertThat(r.summary().broken()).as("alias of dead").isEqualTo(1);
        assertThat(r.summary().suspect()).as("alias of failing + blocked").isEqualTo(3);
        assertThat(r.summary().linksByStatus()).containsEntry("broken", 3L).containsEntry("ok", 1L);
    }

    @Test
    void aLinkConfirmedThisRunIsNewlyConfirmed() throws IOException {
        fx = new ReportFixtures(dir).firstRun();
        fx.second = fx.store.begin("examples/corpus", "{}", ReportFixtures.T1);
        fx.store.completeLinks(fx.second.id(), java.util.List.of(ReportFixtures.link(DYING, "broken", 404, true, 3,
                ReportFixtures.T0, ReportFixtures.T0, java.util.List.of())), ReportFixtures.done("links", ReportFixtures.T1, 1));
        Report r = fx.report();
        assertThat(r.changes().newlyConfirmed()).containsExactly(DYING);
        assertThat(r.hasNewProblems()).isTrue();
    }

    @Test
    void firstRunComparesWithNothingAndHealthCoversEveryFinishedRun() throws IOException {
        fx = new ReportFixtures(dir).firstRun();
        Report one = ReportBuilder.build(fx.store, fx.first, Optional.empty());
        assertThat(one.run().previous()).isEmpty();
        assertThat(one.changes().newArticles()).hasSize(2);
        assertThat(one.health()).hasSize(1);

        fx.secondRun();
        Report two = fx.report();
        assertThat(two.health()).extracting(Report.HealthPoint::run).containsExactly(fx.first.id(), fx.second.id());
        Report.HealthPoint last = two.health().get(1);
        assertThat(last.broken()).isEqualTo(1);
        assertThat(last.suspect()).isEqualTo(3);
        assertThat(last.ok()).isEqualTo(1);
        assertThat(last.other()).isEqualTo(3);
    }

    @Test
    void waybackLookupEncodesCharactersThatWouldBreakAnAttribute() {
        assertThat(ReportBuilder.wayback(HOSTILE_URL))
                .isEqualTo("https://web.archive.org/web/*/https://s.rfi.fr/a.jpg?%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E");
    }

    @Test
    void notCheckedLinksAreCountedByStatusButAreNeitherSuspectNorBroken() throws IOException {
        fx = new ReportFixtures(dir).firstRun().secondRun();
        Report r = fx.report();

        assertThat(r.links()).extracting(p -> p.status().id()).doesNotContain("private-address", "invalid",
                "unsupported");
        assertThat(r.summary().suspect()).isEqualTo(3);
        assertThat(r.summary().linksByStatus()).containsEntry("private-address", 1L).containsEntry("invalid", 1L);
        assertThat(r.changes().newBroken()).doesNotContain("http://10.0.0.1/intranet", "https://www.rfi.fr/cn/bad host");
        java.io.StringWriter csv = new java.io.StringWriter();
        new CsvReport().write(r, csv);
        assertThat(csv.toString()).doesNotContain("private-address", "10.0.0.1", "bad host");
        assertThat(r.health().get(r.health().size() - 1).other()).isEqualTo(3);
    }

    @Test
    void aFailingUrlTheLinkHistorySeesForTheFirstTimeIsNewInEveryReport() throws IOException {
        fx = new ReportFixtures(dir).firstRun();
        Report first = ReportBuilder.build(fx.store, fx.first, Optional.empty());
        assertThat(first.links()).isNotEmpty().allMatch(Report.LinkProblem::isNew);

        fx.second = fx.store.begin("examples/corpus", "{}", ReportFixtures.T1);
        org.newskeeper.history.RunLink seen = ReportFixtures.link(DEAD, "broken", 404, false, 1, ReportFixtures.T1,
                null, java.util.List.of(Citation.of("rfi/1.md", Role.SOURCE)));
        org.newskeeper.history.RunLink firstSeen = new org.newskeeper.history.RunLink(seen.url(), seen.status(),
                seen.code(), seen.finalUrl(), seen.redirects(), seen.error(), seen.firstSeen(), seen.lastOk(),
                seen.consecutiveFailures(), seen.confirmed(), seen.fromHistory(), true, seen.citations());
        fx.store.completeLinks(fx.second.id(), java.util.List.of(firstSeen), ReportFixtures.done("links", ReportFixtures.T1, 1));
        Report r = fx.report();
        assertThat(r.links()).singleElement().matches(Report.LinkProblem::isNew);
        assertThat(r.changes().newBroken()).containsExactly(DEAD);
        assertThat(r.changes().stillBroken()).isEmpty();
        java.io.StringWriter csv = new java.io.StringWriter();
        new CsvReport().write(r, csv);
        assertThat(csv.toString().split("\r\n")[1]).contains(",true,");
    }
}
