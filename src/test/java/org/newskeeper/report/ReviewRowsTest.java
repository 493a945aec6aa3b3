package org.newskeeper.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newskeeper.report.ReportFixtures.T0;
import static org.newskeeper.report.ReportFixtures.T1;
import static org.newskeeper.report.ReportFixtures.article;
import static org.newskeeper.report.ReportFixtures.done;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.TimeGateAnswer;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.MementoCache;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.Triage;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.history.TriageStore;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

/** The review table: one row per failing URL, its vocabulary, triage and preservation, in every writer. */
class ReviewRowsTest {
    static final String ARTICLE = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231109-%E6%AD%BB%E9%93%BE";
    static final String ARTICLE_READ = "https://www.rfi.fr/cn/中国/20231109-死链";
    static final List<String> SHORT = List.of("https://rfi.my/AJZH.F", "https://rfi.my/AJZH.T", "https://rfi.my/AJZH.W");

    @TempDir
    Path dir;
    ReportFixtures fx;

    @AfterEach
    void close() throws IOException {
        if (fx != null) {
            fx.db.close();
        }
    }

    static RunLink failing(String url, String status, Integer code, boolean confirmed, int failures, Optional<String> finalUrl,
            List<Redirect> hops, Instant lastOk, List<Citation> citations) {
        return new RunLink(url, LinkStatus.fromId(status).orElseThrow(), Optional.ofNullable(code), finalUrl, hops, Optional.empty(),
                Optional.of(T0.minus(Duration.ofDays(20))), Optional.ofNullable(lastOk), failures, confirmed, false, false,
                citations);
    }

    static RunLink alive(String url, Instant at, List<Citation> citations) {
        return new RunLink(url, LinkStatus.OK, Optional.of(200), Optional.empty(), List.of(), Optional.empty(),
                Optional.of(T0.minus(Duration.ofDays(20))), Optional.of(at), 0, false, false, false, citations);
    }

    Report single(List<RunArticle> articles, List<RunLink> links) throws IOException {
        fx = new ReportFixtures(dir);
        Run run = fx.store.begin("corpus", "{}", T0);
        fx.store.completeCheck(run.id(), articles, List.of(), done("check", T0, articles.size()));
        fx.store.completeLinks(run.id(), links, done("links", T0, links.size()));
        return ReportBuilder.build(fx.store, run, Optional.of(T0.plusSeconds(60)));
    }

    static String render(ReportWriter w, Report r) throws IOException {
        StringWriter out = new StringWriter();
        w.write(r, out);
        return out.toString();
    }

    @Test
    void aDeadArticleAndItsThreeShareShortLinksAreOneRow() throws IOException {
        List<RunLink> links = new ArrayList<>();
        links.add(failing(ARTICLE, "broken", 404, true, 3, Optional.empty(), List.of(), T0.minus(Duration.ofDays(5)),
                List.of(Citation.of("rfi/1.md", Role.SOURCE))));
        for (String s : SHORT) {
            links.add(failing(s, "broken", 404, true, 3, Optional.of(ARTICLE), List.of(new Redirect(s, 301)),
                    T0.minus(Duration.ofDays(5)), List.of(Citation.of("rfi/1.md", Role.SHARE))));
        }
        Report r = single(List.of(article("rfi/1.md", "死链文章", 0)), links);

        assertThat(r.links()).hasSize(1);
        Report.LinkProblem row = r.links().get(0);
        assertThat(row.url()).isEqualTo(ARTICLE);
        assertThat(row.display()).isEqualTo(ARTICLE_READ);
        assertThat(row.sharedVia()).extracting(Report.SharedVia::url).containsExactlyElementsOf(SHORT);
        assertThat(row.roles()).containsExactly("share", "source");
        assertThat(row.hosts()).containsExactly("rfi.my", "www.rfi.fr");
        assertThat(row.citations()).isEqualTo(1);
        assertThat(r.summary().dead()).isEqualTo(1);

        String html = render(new HtmlReport(), r);
        assertThat(html.lines().filter(l -> l.startsWith("<tr data-state"))).hasSize(1);
        assertThat(html).contains("also shared via 3 share links").contains(ARTICLE_READ)
                .contains("href=\"" + ARTICLE + "\"");
        assertThat(render(new MarkdownReport(), r)).contains("(also shared via 3 share links)");
        List<List<String>> csv = WritersTest.parseCsv(render(new CsvReport(), r));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1).get(CsvReport.COLUMNS.indexOf("shared_via"))).isEqualTo(String.join("\n", SHORT));
        assertThat(csv.get(1).get(CsvReport.COLUMNS.indexOf("decoded_url"))).isEqualTo(ARTICLE_READ);
    }

    @Test
    void aShareEndpointWhoseTargetIsAFailingUrlIsFoldedIntoItsRow() throws IOException {
        String share = "https://www.facebook.com/sharer/sharer.php?u=" + ARTICLE.replace("%", "%25").replace(":", "%3A")
                .replace("/", "%2F");
        Report r = single(List.of(article("rfi/1.md", "t", 0)), List.of(
                failing(ARTICLE, "broken", 404, false, 1, Optional.empty(), List.of(), null,
                        List.of(Citation.of("rfi/1.md", Role.SOURCE))),
                failing(share, "server-error", 503, false, 1, Optional.empty(), List.of(), null,
                        List.of(Citation.of("rfi/1.md", Role.SHARE)))));

        assertThat(r.links()).extracting(Report.LinkProblem::url).containsExactly(ARTICLE);
        assertThat(r.links().get(0).sharedVia()).extracting(Report.SharedVia::url).containsExactly(share);
    }

    @Test
    void aUrlCitedBySixtyArticlesIsOneRowWithSixtyCitationsInJson() throws IOException {
        List<RunArticle> articles = new ArrayList<>();
        List<Citation> citations = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            articles.add(article("rfi/" + i + ".md", "article " + i, 0));
            citations.add(Citation.of("rfi/" + i + ".md", Role.LINK));
        }
        Report r = single(articles, List.of(failing("https://www.rfi.fr/cn/nav", "broken", 404, false, 1, Optional.empty(),
                List.of(), null, citations)));

        assertThat(r.links()).hasSize(1);
        assertThat(r.links().get(0).boilerplate()).isTrue();
        JsonNode json = new ObjectMapper().readTree(render(new JsonReport(), r));
        assertThat(json.path("links")).hasSize(1);
        assertThat(json.path("links").get(0).path("cited_by")).hasSize(60);
        assertThat(json.path("links").get(0).path("citations").asInt()).isEqualTo(60);
        assertThat(json.path("links").get(0).path("boilerplate").asBoolean()).isTrue();
        String html = render(new HtmlReport(), r);
        assertThat(html.lines().filter(l -> l.startsWith("<tr data-state"))).hasSize(1);
        assertThat(html).contains("navigation/boilerplate").contains("60 articles").contains("all 60");
        assertThat(WritersTest.parseCsv(render(new CsvReport(), r))).hasSize(2);
    }

    @Test
    void theTableIsOrderedForReviewNewlyDeadThenDeadThenFailingMostCitedFirst() throws IOException {
        List<RunArticle> articles = List.of(article("a/1.md", "1", 0), article("a/2.md", "2", 0), article("a/3.md", "3", 0));
        List<Citation> one = List.of(Citation.of("a/1.md", Role.LINK));
        List<Citation> three = List.of(Citation.of("a/1.md", Role.LINK), Citation.of("a/2.md", Role.LINK),
                Citation.of("a/3.md", Role.LINK));
        Report r = single(articles, List.of(
                failing("https://x.example/failing-1", "broken", 404, false, 1, Optional.empty(), List.of(), null, one),
                failing("https://x.example/failing-3", "broken", 404, false, 1, Optional.empty(), List.of(), null, three),
                failing("https://x.example/blocked", "blocked", 403, false, 0, Optional.empty(), List.of(), null, three),
                failing("https://x.example/dead-1", "broken", 404, true, 3, Optional.empty(), List.of(), null, one),
                failing("https://x.example/dead-3", "broken", 410, true, 3, Optional.empty(), List.of(), null, three)));

        assertThat(r.links()).extracting(Report.LinkProblem::url).containsExactly("https://x.example/dead-3",
                "https://x.example/dead-1", "https://x.example/failing-3", "https://x.example/failing-1",
                "https://x.example/blocked");
        assertThat(r.summary().dead()).isEqualTo(2);
        assertThat(r.summary().failing()).isEqualTo(2);
        assertThat(r.summary().blocked()).isEqualTo(1);
    }

    /** "broken" said of a link that is not dead: a word, not the status id in its own place. */
    @Test
    void noWriterCallsAnUnconfirmedLinkBroken() throws IOException {
        Report r = single(List.of(article("rfi/1.md", "title", 0)), List.of(
                failing("https://www.rfi.fr/cn/x", "server-error", 503, false, 1, Optional.empty(), List.of(), null,
                        List.of(Citation.of("rfi/1.md", Role.SOURCE))),
                failing("https://www.rfi.fr/cn/y", "timeout", null, false, 2, Optional.empty(), List.of(), null,
                        List.of(Citation.of("rfi/1.md", Role.IMAGE)))));
        assertThat(r.summary().dead()).isZero();
        assertThat(r.summary().failing()).isEqualTo(2);

        for (ReportWriter w : Reports.WRITERS) {
            String text = render(w, r)
                    .replace("broken-links.csv", "")              // the file's name
                    .replace("\"broken\" : 0", "")              // report.json's documented aliases
                    .replace("\"new_broken\" :", "").replace("\"still_broken\" :", "");
            Matcher m = Pattern.compile("(?i).{0,40}broken.{0,40}").matcher(text);
            List<String> uses = new ArrayList<>();
            while (m.find()) {
                uses.add(m.group());
            }
            assertThat(uses).as(w.fileName()).isEmpty();
        }
        assertThat(render(new JsonReport(), r)).contains("\"failing\" : 2", "\"dead\" : 0", "\"broken\" : 0",
                "\"suspect\" : 2", "\"first_run\" : true",
                "\"new_failing\" : [ \"https://www.rfi.fr/cn/x\"");
        String verdict = Verdict.of(r);
        assertThat(verdict).isEqualTo("First run: 2 failing links, a link is dead after 3 failures over 48 h.");
        assertThat(render(new HtmlReport(), r)).contains(verdict).doesNotContain("Nothing new");
        assertThat(render(new MarkdownReport(), r)).contains(verdict).doesNotContain("Nothing new");
        assertThat(r.links()).extracting(Report.LinkProblem::stateText)
                .containsExactly("failing, 1 of 3 nights", "failing, 2 of 3 nights");
        assertThat(render(new HtmlReport(), r).toLowerCase(Locale.ROOT)).doesNotContain("suspect");
    }

    @Test
    void triageRoundTripsThroughNightlyRunsHandledThenAliveThenFailingAgainIsNew() throws IOException {
        fx = new ReportFixtures(dir);
        String url = "https://www.voachinese.com/a/gone.html";
        String fp = "https://www.bbc.com/zhongwen/bot-wall";
        List<RunArticle> articles = List.of(article("voa/1.md", "t", 0));
        List<Citation> cite = List.of(Citation.of("voa/1.md", Role.SOURCE));
        TriageStore triage = new TriageStore(fx.db);

        Run night1 = fx.store.begin("corpus", "{}", T0);
        fx.store.completeCheck(night1.id(), articles, List.of(), done("check", T0, 1));
        fx.store.completeLinks(night1.id(), List.of(
                failing(url, "broken", 404, true, 3, Optional.empty(), List.of(), T0.minus(Duration.ofDays(5)), cite),
                failing(fp, "server-error", 503, false, 1, Optional.empty(), List.of(), T0.minus(Duration.ofDays(1)), cite)),
                done("links", T0, 2));
        fx.store.finish(night1.id(), T0.plusSeconds(60), 1);
        triage.put(new Triage(url, Triage.Decision.HANDLED, Optional.empty(), Optional.of("wrote to the editor"), "reviewer",
                T0.plus(Duration.ofHours(1))));
        triage.put(new Triage(fp, Triage.Decision.FALSE_POSITIVE, Optional.empty(), Optional.of("bot wall"), "reviewer",
                T0.plus(Duration.ofHours(1))));

        Report again = ReportBuilder.build(fx.store, night1, Optional.empty());
        assertThat(again.links()).allMatch(p -> !p.needsReview());
        assertThat(again.links()).filteredOn(p -> p.url().equals(url)).singleElement()
                .satisfies(p -> assertThat(p.triage().orElseThrow().note()).contains("wrote to the editor"));
        assertThat(again.summary().triaged()).isEqualTo(2);
        assertThat(again.summary().dead()).isZero();
        assertThat(again.changes().newlyConfirmed()).as("triaged: not in the verdict or the exit code").isEmpty();
        assertThat(again.hasNewProblems()).isFalse();
        String html = render(new HtmlReport(), again);
        assertThat(html).contains("id=\"triaged\"").contains("wrote to the editor").contains("No failing links to review.");
        List<List<String>> csv = WritersTest.parseCsv(render(new CsvReport(), again));
        assertThat(csv.subList(1, csv.size())).extracting(row -> row.get(CsvReport.COLUMNS.indexOf("triage")))
                .containsExactlyInAnyOrder("handled", "false-positive");
        assertThat(new ObjectMapper().readTree(render(new JsonReport(), again)).path("links").get(0).path("triage")
                .path("decision").asText()).isIn("handled", "false-positive");

        Run night2 = fx.store.begin("corpus", "{}", T1);
        fx.store.completeCheck(night2.id(), articles, List.of(), done("check", T1, 1));
        fx.store.completeLinks(night2.id(), List.of(alive(url, T1, cite), alive(fp, T1, cite)), done("links", T1, 2));
        fx.store.finish(night2.id(), T1.plusSeconds(60), 0);
        Report second = ReportBuilder.build(fx.store, night2, Optional.empty());
        assertThat(second.links()).isEmpty();
        assertThat(second.resolved()).extracting(Report.Resolved::url).containsExactlyInAnyOrder(url, fp);
        assertThat(render(new HtmlReport(), second)).contains("resolved (ok)").contains("bot wall");

        Instant t2 = T1.plus(Duration.ofDays(3));
        Run night3 = fx.store.begin("corpus", "{}", t2);
        fx.store.completeCheck(night3.id(), articles, List.of(), done("check", t2, 1));
        fx.store.completeLinks(night3.id(), List.of(
                failing(url, "broken", 404, true, 3, Optional.empty(), List.of(), T1, cite),
                failing(fp, "server-error", 503, false, 1, Optional.empty(), List.of(), T1, cite)), done("links", t2, 2));
        Report third = ReportBuilder.build(fx.store, night3, Optional.of(t2.plusSeconds(60)));
        Report.LinkProblem back = third.links().stream().filter(p -> p.url().equals(url)).findFirst().orElseThrow();
        assertThat(back.needsReview()).as("handled, alive since, failing again: new again").isTrue();
        assertThat(back.isNew()).isTrue();
        assertThat(third.changes().newBroken()).contains(url);
        assertThat(third.changes().newlyConfirmed()).containsExactly(url);
        assertThat(third.hasNewProblems()).isTrue();
        assertThat(third.links().stream().filter(p -> p.url().equals(fp)).findFirst().orElseThrow().needsReview())
                .as("a false positive stays triaged while it fails").isFalse();
    }

    @Test
    void aDeadLinkWeCapturedIsPreservedWithAReplayLinkAndAPublicMementoIsLinkedWithItsDate() throws IOException {
        fx = new ReportFixtures(dir);
        String captured = "https://www.rfi.fr/cn/captured";
        String elsewhere = "https://www.rfi.fr/cn/elsewhere";
        String lost = "https://www.rfi.fr/cn/lost";
        new ArchiveIndex(fx.db).commitFile(new ArchiveIndex.FileEntry("news-20261119-00000.warc.gz", "news", 1000,
                "2026-11-19T02:00:00Z", "2026-11-19T02:10:00Z"), List.of(), List.of(new ArchiveIndex.PayloadEntry(
                "sha1:ABC", "<urn:uuid:1234>", captured, "2026-11-19T02:05:00Z", "news-20261119-00000.warc.gz", 0)));
        Instant memento = Instant.parse("2021-03-04T05:06:07Z");
        new MementoCache(fx.db).put(new TimeGateAnswer(elsewhere, "https://web.archive.org/web/", "web.archive.org",
                TimeGateAnswer.Outcome.FOUND, Optional.of("https://web.archive.org/web/20210304050607/" + elsewhere),
                Optional.of(memento), Optional.empty()), T0, T0);
        List<Citation> cite = List.of(Citation.of("rfi/1.md", Role.SOURCE));
        Run run = fx.store.begin("corpus", "{}", T0);
        fx.store.completeCheck(run.id(), List.of(article("rfi/1.md", "t", 0)), List.of(), done("check", T0, 1));
        fx.store.completeLinks(run.id(), List.of(
                failing(captured, "broken", 404, true, 3, Optional.empty(), List.of(), null, cite),
                failing(elsewhere, "broken", 404, true, 3, Optional.empty(), List.of(), null, cite),
                failing(lost, "broken", 404, true, 3, Optional.empty(), List.of(), null, cite)), done("links", T0, 3));
        Report r = ReportBuilder.build(fx.store, run, Optional.of(T0.plusSeconds(60)));

        Report.Copy ours = r.links().stream().filter(p -> p.url().equals(captured)).findFirst().orElseThrow().copy();
        assertThat(ours.state()).isEqualTo("preserved");
        assertThat(ours.warc()).contains("news-20261119-00000.warc.gz");
        assertThat(ours.recordId()).contains("<urn:uuid:1234>");
        assertThat(ours.replay()).contains("http://127.0.0.1:8470/replay/20261119020500/" + captured);
        Report.Copy public1 = r.links().stream().filter(p -> p.url().equals(elsewhere)).findFirst().orElseThrow().copy();
        assertThat(public1.state()).isEqualTo("archived-elsewhere");
        assertThat(public1.mementoDate()).contains(memento);
        assertThat(public1.archive()).contains("web.archive.org");
        assertThat(r.summary().preserved()).isEqualTo(1);
        assertThat(r.summary().archivedElsewhere()).isEqualTo(1);
        assertThat(r.summary().lost()).isEqualTo(1);

        String html = render(new HtmlReport(), r);
        assertThat(html).contains("http://127.0.0.1:8470/replay/20261119020500/" + captured)
                .contains("href=\"https://web.archive.org/web/20210304050607/" + elsewhere + "\"")
                .contains("web.archive.org, 2021-03-04").contains("lost unless archived elsewhere");
        assertThat(html).as("the Wayback search only where nothing was found")
                .contains("https://web.archive.org/web/*/" + lost)
                .doesNotContain("https://web.archive.org/web/*/" + captured)
                .doesNotContain("https://web.archive.org/web/*/" + elsewhere);
        JsonNode json = new ObjectMapper().readTree(render(new JsonReport(), r));
        assertThat(json.path("summary").path("preserved").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("archived_elsewhere").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("lost").asInt()).isEqualTo(1);
    }
}
