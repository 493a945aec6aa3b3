package org.newskeeper.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

class WritersTest {
    @TempDir
    Path dir;
    ReportFixtures fx;
    Report report;

    @BeforeEach
    void build() throws IOException {
        fx = new ReportFixtures(dir).firstRun().secondRun();
        report = fx.report();
    }

    @AfterEach
    void close() throws IOException {
        fx.db.close();
    }

    private static String render(ReportWriter w, Report r) throws IOException {
        StringWriter out = new StringWriter();
        w.write(r, out);
        return out.toString();
    }

    @Test
    void htmlShowsHostileTitlesAndUrlsAsText() throws IOException {
        String html = render(new HtmlReport(), report);

        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
        assertThat(html).doesNotContain("href=\"javascript:").contains("javascript:alert(4)");
        assertThat(html).doesNotContain("\u0000");
    }

    @Test
    void htmlLoadsNothingAndItsPolicyAllowsOnlyItsOwnStyleAndScript() throws IOException {
        String html = render(new HtmlReport(), report);

        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
        assertThat(doc.select("[src], link, img, iframe, object, embed, base")).isEmpty();
        assertThat(doc.select("script")).hasSize(1);
        assertThat(doc.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
                .map(a -> a.getKey().toLowerCase(java.util.Locale.ROOT))).noneMatch(k -> k.startsWith("on"));
        assertThat(doc.select("a[href]").eachAttr("href")).allMatch(h -> h.startsWith("https://") || h.startsWith("http://"));
        assertThat(html).doesNotContainPattern("(?i)url\\(").doesNotContain("@import");
        Matcher csp = Pattern.compile("style-src '(sha256-[^']+)'; script-src '(sha256-[^']+)'").matcher(html);
        assertThat(csp.find()).isTrue();
        String style = between(html, "<style>", "</style>");
        String script = between(html, "<script>", "</script>");
        assertThat(HtmlReport.sha256(style)).isEqualTo(csp.group(1));
        assertThat(HtmlReport.sha256(script)).isEqualTo(csp.group(2));
        assertThat(html.split("<script>", -1)).hasSize(2);
    }

    @Test
    void htmlRowsCarryWhatTheFiltersAndTheReviewerNeed() throws IOException {
        String html = render(new HtmlReport(), report);

        List<String> rows = html.lines().filter(l -> l.startsWith("<tr data-state") && l.contains(ReportFixtures.DYING)).toList();
        assertThat(rows).as("one row per URL").hasSize(1);
        assertThat(rows.get(0)).contains("data-state=\"failing\"", "data-status=\"broken\"",
                "data-host=\"www.voachinese.com\"", "data-sites=\"bbc/voa\"", "data-age=\"3\"",
                "failing, 1 of 3 nights", "2 articles", "new | article", "美国之音", "bbc/3.md", "voa/2.md", "link, source",
                "lost unless archived elsewhere", "href=\"https://web.archive.org/web/*/" + ReportFixtures.DYING + "\"",
                "2026-11-20");
        assertThat(html).contains("<svg").contains("class=\"s-dead\"").contains("id=\"f-status\"")
                .contains("id=\"f-host\"").contains("id=\"f-site\"").contains("id=\"f-age\"");
        assertThat(html).contains("html-malformed").contains("bbc/3.md:5");
    }

    @Test
    void csvHasOneRowPerFailingUrlWithItsArticlesAndNeutralisesFormulas() throws IOException {
        String csv = render(new CsvReport(), report);
        List<List<String>> rows = parseCsv(csv);

        assertThat(rows.get(0)).isEqualTo(CsvReport.COLUMNS);
        assertThat(rows).hasSize(1 + 4);
        int url = CsvReport.COLUMNS.indexOf("url");
        List<String> dying = rows.stream().filter(r -> r.get(url).equals(ReportFixtures.DYING)).findFirst().orElseThrow();
        assertThat(rows.stream().filter(r -> r.get(url).equals(ReportFixtures.DYING))).hasSize(1);
        assertThat(dying.get(CsvReport.COLUMNS.indexOf("articles"))).isEqualTo("voa/2.md\nbbc/3.md");
        assertThat(dying.get(CsvReport.COLUMNS.indexOf("citations"))).isEqualTo("2");
        assertThat(dying.get(CsvReport.COLUMNS.indexOf("state"))).isEqualTo("failing");
        assertThat(dying.get(CsvReport.COLUMNS.indexOf("preservation"))).isEqualTo("lost");
        for (List<String> r : rows.subList(1, rows.size())) {
            assertThat(r).hasSize(CsvReport.COLUMNS.size());
            for (String cell : r) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
            }
        }
        assertThat(Escape.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Escape.csv("-2+3")).isEqualTo("'-2+3");
        assertThat(Escape.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Escape.csv("+1")).isEqualTo("'+1");
        assertThat(csv).contains(ReportFixtures.HOSTILE_TITLE);
    }

    @Test
    void aRightToLeftOverrideInATitleOrUrlIsIsolatedInHtmlAndShownByNameElsewhere() throws Exception {
        String title = "Report \u202Egpj.exe";
        String url = "https://www.rfi.fr/cn/\u202Egpj.exe";
        org.newskeeper.history.Run run = fx.store.begin("examples/corpus", "{}", ReportFixtures.T1.plusSeconds(3600));
        fx.store.completeCheck(run.id(), List.of(ReportFixtures.article("rfi/\u2067x.md", title, 1)),
                List.of(new org.newskeeper.rules.Finding("title-empty", org.newskeeper.rules.Severity.ERROR, "rfi/\u2067x.md", 2,
                        "title says \u202Egpj.exe")),
                ReportFixtures.done("check", ReportFixtures.T1, 1));
        fx.store.completeLinks(run.id(), List.of(ReportFixtures.link(url, "broken", 404, true, 3, ReportFixtures.T0,
                null, List.of(Citation.of("rfi/\u2067x.md", Role.SOURCE)))),
                ReportFixtures.done("links", ReportFixtures.T1, 1));
        Report r = ReportBuilder.build(fx.store, run, java.util.Optional.of(ReportFixtures.T1.plusSeconds(3700)));

        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(render(new HtmlReport(), r));
        List<org.jsoup.nodes.TextNode> withControls = html.body().select("*").stream()
                .flatMap(e -> e.textNodes().stream())
                .filter(t -> t.getWholeText().chars().anyMatch(Escape::isBidiControl)).toList();
        assertThat(withControls).isNotEmpty().allSatisfy(t -> assertThat(((org.jsoup.nodes.Element) t.parent()).tagName())
                .as(t.getWholeText()).isEqualTo("bdi"));
        assertThat(html.select("bdi").eachText()).contains(title, url);
        assertThat(html.select("option").eachText()).noneMatch(o -> o.chars().anyMatch(Escape::isBidiControl));

        for (ReportWriter plain : List.of(new MarkdownReport(), new CsvReport(), new JunitReport())) {
            String text = render(plain, r);
            assertThat(text.chars().filter(Escape::isBidiControl).count()).as(plain.fileName()).isZero();
            assertThat(text).as(plain.fileName()).containsAnyOf("<U+202E>gpj.exe", "&lt;U+202E&gt;gpj.exe");
        }
        assertThat(render(new CsvReport(), r)).contains("Report <U+202E>gpj.exe", "rfi/<U+2067>x.md");
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(render(new JunitReport(), r).getBytes(StandardCharsets.UTF_8)));
        assertThat(((Element) junit.getElementsByTagName("testcase").item(0)).getAttribute("name")).isEqualTo("rfi/<U+2067>x.md");
        assertThat(render(new MarkdownReport(), r)).contains(Escape.markdown(url).replace("\u202E", ""))
                .contains("&lt;U+202E&gt;gpj.exe");
    }

    @Test
    void fullWidthFormulaStartersAreNeutralisedInTheCsvLikeAscii() {
        for (String formula : List.of("\uFF1DHYPERLINK(\"http://x\")", "\uFF0B1", "\uFF0D2", "\uFF20SUM(A1)")) {
            assertThat(Escape.csv(formula)).as(formula).matches("\"?'" + java.util.regex.Pattern.quote(formula.substring(0, 1)) + ".*");
        }
        assertThat(Escape.csv("\uFF1D1+1")).isEqualTo("'\uFF1D1+1");
        assertThat(Escape.csv("美国之音")).isEqualTo("美国之音");
    }

    @Test
    void junitHasOneTestcasePerArticleFailingOnErrorsAndDeadLinks() throws Exception {
        String xml = render(new JunitReport(), report);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                failing.add(c.getAttribute("name"));
            }
        }
        assertThat(failing).containsExactly("bbc/3.md", "rfi/1.md");
        Element rfi = (Element) cases.item(1);
        assertThat(rfi.getElementsByTagName("failure").item(0).getTextContent())
                .contains("timestamp-missing").contains("dead link (dead (4 failures, confirmed); source, status broken 404")
                .contains(ReportFixtures.DEAD);
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("2");
    }

    @Test
    void markdownFitsAJobSummaryAndEscapesCorpusText() throws IOException {
        String md = render(new MarkdownReport(), report);

        assertThat(md).startsWith("## newskeeper nightly ").contains("**Something new is wrong");
        assertThat(md).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;");
        assertThat(md).contains("new \\| article");
        assertThat(md.lines().filter(l -> l.startsWith("| suspect") || l.startsWith("| confirmed")))
                .allSatisfy(l -> assertThat(l.split("(?<!\\\\)\\|", -1)).hasSize(9));
        assertThat(md.length()).isLessThan(1 << 20);
    }

    @Test
    void jsonHoldsEverythingTheHtmlShowsWithSnakeCaseKeys() throws IOException {
        JsonNode j = new ObjectMapper().readTree(render(new JsonReport(), report));

        assertThat(j.path("has_new_problems").asBoolean()).isTrue();
        assertThat(j.path("run").path("id").asText()).isEqualTo(fx.second.id());
        assertThat(j.path("run").path("stages").get(0).path("state").asText()).isEqualTo("done");
        assertThat(j.path("run").path("stages").get(0).has("data")).isFalse();
        assertThat(j.path("summary").path("links_by_status").path("broken").asInt()).isEqualTo(3);
        assertThat(j.path("changes").path("new_articles").get(0).asText()).isEqualTo("bbc/3.md");
        JsonNode first = j.path("links").get(0);
        assertThat(first.fieldNames()).toIterable().contains("url", "host", "status", "state", "code", "final_url",
                "redirects", "error", "first_seen", "last_ok", "consecutive_failures", "is_new", "age_days", "wayback",
                "cited_by");
        assertThat(first.path("first_seen").asText()).isEqualTo("2026-11-10T02:00:00Z");
        assertThat(j.path("findings").get(0).path("findings").get(0).path("severity").asText()).isEqualTo("error");
        assertThat(j.path("health")).hasSize(2);
        assertThat(j.path("health").get(1).path("total").asInt()).isEqualTo(8);
        assertThat(j.path("articles")).hasSize(3);
    }

    @Test
    void writingLeavesOnlyTheFinalFilesAndPublishCopiesThem() throws IOException {
        Path run = dir.resolve("runs").resolve(fx.second.id());
        List<Path> written = Reports.write(report, run);
        Path latest = dir.resolve("latest");
        Reports.publish(run, latest);

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("report.html", "report.md", "report.json", "broken-links.csv", "junit.xml");
        try (var s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "report.html", "report.md", "report.json", "broken-links.csv", "junit.xml");
        }
        for (Path p : written) {
            assertThat(latest.resolve(p.getFileName())).hasSameBinaryContentAs(p);
        }
    }

    @Test
    void longChangeListsAreCutInTheHtmlButCompleteInTheJson() throws IOException {
        org.newskeeper.history.Run big = fx.store.begin("other/corpus", "{}", ReportFixtures.T1);
        List<org.newskeeper.history.RunArticle> many = new ArrayList<>();
        for (int i = 0; i < HtmlReport.MAX_LIST + 50; i++) {
            many.add(ReportFixtures.article(String.format("rfi/%04d.md", i), "t" + i, 0));
        }
        fx.store.completeCheck(big.id(), many, List.of(), ReportFixtures.done("check", ReportFixtures.T1, many.size()));
        Report r = ReportBuilder.build(fx.store, big, java.util.Optional.empty());

        String html = render(new HtmlReport(), r);
        assertThat(html).contains("rfi/0199.md").doesNotContain("rfi/0200.md").contains("and 50 more in report.json");
        assertThat(new ObjectMapper().readTree(render(new JsonReport(), r)).path("changes").path("new_articles"))
                .hasSize(HtmlReport.MAX_LIST + 50);
    }

    private static String between(String s, String a, String b) {
        int i = s.indexOf(a) + a.length();
        return s.substring(i, s.indexOf(b, i));
    }

    /** A strict RFC 4180 reader, so the test does not trust the writer's own quoting. */
    static List<List<String>> parseCsv(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
