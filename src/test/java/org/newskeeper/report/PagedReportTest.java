package org.newskeeper.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStore;

/**
 * report.html at the size of a 64,000-article night with 11,000 failing URLs ({@link BigReport},
 * written to {@code target/big-report/checks}, where the Chromium check opens it): the paging, the
 * file sizes and the streamed writers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagedReportTest {
    static final long FIVE_MB = 5_000_000;
    static final ObjectMapper JSON = new ObjectMapper();

    BigReport.Written big;
    Database db;
    Report report;

    @BeforeAll
    void writeTheBigReport() throws IOException {
        big = BigReport.write(Path.of("target", "big-report", "checks"), BigReport.ARTICLES, BigReport.FAILING);
        db = Database.open(big.checks().resolve("links.sqlite"));
        RunStore store = new RunStore(db);
        Run run = store.run(big.runId()).orElseThrow();
        report = ReportBuilder.build(store, run, java.util.Optional.empty());
    }

    @AfterAll
    void close() throws IOException {
        db.close();
    }

    @Test
    void everyHtmlFileOfA64000ArticleReportIsAtMost5MB() throws IOException {
        List<Path> html = new ArrayList<>();
        for (Path dir : List.of(big.runDir(), big.latest())) {
            html.add(dir.resolve("report.html"));
            try (Stream<Path> s = Files.list(dir.resolve(HtmlReport.DATA_DIR))) {
                html.addAll(s.toList());
            }
        }
        assertThat(report.links()).hasSizeGreaterThan(10_000);
        assertThat(html).hasSizeGreaterThan(2 * 50);
        for (Path f : html) {
            assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo(FIVE_MB);
        }
        for (Path f : html) {
            assertThat(f.getFileName().toString()).matches("report\\.html|rows-[0-9]{4}\\.js");
        }
        // the navigation rows (hundreds of citations, 200 listed each) close their page early
        assertThat(Files.size(big.runDir().resolve("report.html"))).isLessThan(3_000_000);
    }

    @Test
    void dataPagesHoldEveryRowToReviewExactlyOnceInReviewOrder() throws IOException {
        List<String> expected = new ArrayList<>();
        for (JsonNode l : JSON.readTree(big.runDir().resolve("report.json").toFile()).path("links")) {
            if (l.path("needs_review").asBoolean()) {
                expected.add(l.path("url").asText());
            }
        }
        Document html = Jsoup.parse(big.runDir().resolve("report.html").toFile(), "UTF-8");
        Element pager = html.getElementById("pager");
        String token = pager.attr("data-token");
        List<Integer> sizes = Stream.of(pager.attr("data-pages").split(",")).map(Integer::valueOf).toList();
        assertThat(Integer.parseInt(pager.attr("data-rows"))).isEqualTo(expected.size());
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected.size());
        assertThat(sizes).allMatch(n -> n > 0 && n <= HtmlReport.PAGE_ROWS);

        List<String> rows = new ArrayList<>(urls(html.select("#links-table tbody > tr")));
        assertThat(rows).hasSize(sizes.get(0));
        try (Stream<Path> s = Files.list(big.runDir().resolve(HtmlReport.DATA_DIR))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(Stream.iterate(2, n -> n + 1).limit(sizes.size() - 1).map(HtmlReport::pageName).toList());
        }
        for (int n = 2; n <= sizes.size(); n++) {
            String js = Files.readString(big.runDir().resolve(HtmlReport.DATA_DIR).resolve(HtmlReport.pageName(n)));
            String head = "newskeeperRows(\"" + token + "\", " + n + ", [";
            assertThat(js).startsWith(head).endsWith("]);\n");
            JsonNode page = JSON.readTree(js.substring(head.length() - 1, js.length() - 3));
            StringBuilder trs = new StringBuilder();
            page.forEach(r -> trs.append(r.asText()));
            List<String> urls = urls(Jsoup.parse("<table><tbody>" + trs + "</tbody></table>").select("tbody > tr"));
            assertThat(urls).as("page %d", n).hasSize(sizes.get(n - 1));
            rows.addAll(urls);
        }
        assertThat(new HashSet<>(rows)).hasSameSizeAs(rows);
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void tableIsOrderedNewlyDeadThenDeadThenFailingThenBlockedMostCitedFirst() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(big.runDir().resolve("report.json").toFile()).path("links").forEach(rows::add);
        rows.removeIf(r -> !r.path("needs_review").asBoolean());
        int lastRank = -1;
        int lastCitations = Integer.MAX_VALUE;
        Set<Integer> ranks = new HashSet<>();
        for (JsonNode r : rows) {
            String state = r.path("state").asText();
            int rank = state.equals("dead") ? (r.path("is_new").asBoolean() ? 0 : 1) : state.equals("failing") ? 2 : 3;
            assertThat(rank).as(r.path("url").asText()).isGreaterThanOrEqualTo(lastRank);
            if (rank != lastRank) {
                lastCitations = Integer.MAX_VALUE;
            }
            assertThat(r.path("citations").asInt()).as(r.path("url").asText()).isLessThanOrEqualTo(lastCitations);
            lastRank = rank;
            lastCitations = r.path("citations").asInt();
            ranks.add(rank);
        }
        // a first run: every dead URL is newly dead
        assertThat(ranks).containsExactlyInAnyOrder(0, 2, 3);
        // the first page starts with the newly dead, most cited: a navigation link
        assertThat(rows.get(0).path("boilerplate").asBoolean()).isTrue();
    }

    @Test
    void aRowCitedByHundredsListsTwoHundredInTheHtmlAndAllInTheJsonAndCsv() throws IOException {
        Report.LinkProblem nav = report.links().stream().filter(p -> p.citations() > HtmlReport.MAX_CITING)
                .findFirst().orElseThrow();
        StringBuilder row = new StringBuilder();
        HtmlReport.row(row, nav);
        assertThat(Jsoup.parse("<table>" + row + "</table>").select(".citing")).hasSize(HtmlReport.MAX_CITING);
        assertThat(row).contains("and " + (nav.citedBy().size() - HtmlReport.MAX_CITING) + " more in report.json");
        JsonNode json = JSON.readTree(big.runDir().resolve("report.json").toFile());
        for (JsonNode l : json.path("links")) {
            if (l.path("url").asText().equals(nav.url())) {
                assertThat(l.path("cited_by")).hasSize(nav.citedBy().size());
            }
        }
    }

    @Test
    void everyWriterHandsItsFileOverInSmallPiecesAsItIsProduced() throws IOException {
        for (ReportWriter w : Reports.WRITERS) {
            Largest out = new Largest();
            if (w instanceof HtmlReport html) {
                html.write(report, out, (name, content) -> out.pages++);
                assertThat(out.pages).isGreaterThan(50);
            } else {
                w.write(report, out);
            }
            assertThat(out.largest).as(w.fileName()).isLessThan(w.fileName().equals("report.md") ? 64 * 1024 : 2_000_000);
            assertThat(out.writes).as(w.fileName()).isGreaterThan(w.fileName().equals("report.md") ? 5 : 100);
        }
    }

    @Test
    void aShorterReportInTheSameFolderDeletesTheStalePagesAndLatestFollows() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target"), "paged-");
        try {
            Reports.write(report, dir.resolve("run"));
            Reports.publish(dir.resolve("run"), dir.resolve("latest"));
            long before;
            try (Stream<Path> s = Files.list(dir.resolve("latest").resolve(HtmlReport.DATA_DIR))) {
                before = s.count();
            }
            assertThat(before).isGreaterThan(50);
            List<Report.LinkProblem> fewer = report.links().subList(0, 5 * HtmlReport.PAGE_ROWS - 10);
            Report shorter = new Report(report.tool(), report.run(), report.summary(), report.changes(), fewer,
                    report.resolved(), report.findings(), report.health(), report.problems(), report.articles());
            Reports.write(shorter, dir.resolve("run"));
            Reports.publish(dir.resolve("run"), dir.resolve("latest"));
            for (Path d : List.of(dir.resolve("run"), dir.resolve("latest"))) {
                try (Stream<Path> s = Files.list(d.resolve(HtmlReport.DATA_DIR))) {
                    assertThat(s.map(p -> p.getFileName().toString()).sorted()).as(d.toString())
                            .containsExactly("rows-0002.js", "rows-0003.js", "rows-0004.js", "rows-0005.js");
                }
                String token = Jsoup.parse(d.resolve("report.html").toFile(), "UTF-8").getElementById("pager").attr("data-token");
                assertThat(Files.readString(d.resolve(HtmlReport.DATA_DIR).resolve("rows-0005.js")))
                        .startsWith("newskeeperRows(\"" + token + "\", 5, [");
            }
            Report one = new Report(report.tool(), report.run(), report.summary(), report.changes(),
                    report.links().subList(0, 3), report.resolved(), report.findings(), report.health(), report.problems(),
                    report.articles());
            Reports.write(one, dir.resolve("run"));
            Reports.publish(dir.resolve("run"), dir.resolve("latest"));
            assertThat(dir.resolve("run").resolve(HtmlReport.DATA_DIR)).doesNotExist();
            assertThat(dir.resolve("latest").resolve(HtmlReport.DATA_DIR)).doesNotExist();
            assertThat(Files.readString(dir.resolve("latest").resolve("report.html"), StandardCharsets.UTF_8))
                    .doesNotContain("'self'").doesNotContain("id=\"pages-note\"");
        } finally {
            BigReport.deleteTree(dir);
        }
    }

    @Test
    void withoutScriptTheFirstPageSaysWhereTheFullListIs() throws IOException {
        Document html = Jsoup.parse(big.runDir().resolve("report.html").toFile(), "UTF-8");
        assertThat(html.getElementById("pages-note").text()).contains("rows 1 to " + HtmlReport.PAGE_ROWS)
                .contains("broken-links.csv").contains("report.json").contains("report-data/");
        assertThat(html.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("script-src 'sha256-").contains("' 'self';").contains("default-src 'none'");
        assertThat(html.select("script")).hasSize(1);
    }

    private static List<String> urls(List<Element> rows) {
        return rows.stream().map(tr -> tr.selectFirst("td.url a").attr("href")).toList();
    }

    /** Counts the writes a writer makes and the largest one. */
    static final class Largest extends Writer {
        long largest;
        long writes;
        int pages;

        @Override
        public void write(char[] cbuf, int off, int len) {
            writes++;
            largest = Math.max(largest, len);
        }

        @Override
        public void write(String s, int off, int len) {
            writes++;
            largest = Math.max(largest, len);
        }

        @Override
        public Writer append(CharSequence s) {
            writes++;
            largest = Math.max(largest, s.length());
            return this;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
