package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.nightly.Nightly;
import org.newskeeper.serve.ReviewServer;

/**
 * {@code newskeeper demo} runs two nights over examples/corpus against the double: the first captures
 * the page that dies and finds the public mementos; the second shows one dead link preserved in our
 * capture (which {@code serve} replays with its image), three archived elsewhere, the rest lost.
 */
class DemoCommandTest {
    static final String DOOMED = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231105-%E6%B3%95%E5%9B%BD%E6%80%BB%E7%BB%9F"
            + "%E9%A9%AC%E5%85%8B%E9%BE%99%E6%8A%B5%E8%BE%BE%E5%8C%97%E4%BA%AC%E5%BC%80%E5%A7%8B%E5%9B%BD%E4%BA%8B%E8%AE%BF%E9%97%AE";
    static final String DOOMED_TITLE = "法国总统马克龙抵达北京开始国事访问";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path checks;
    static Path out;
    static NightlyCommandTest.Result demo;

    @BeforeAll
    static void runTheDemoOnce() {
        checks = dir.resolve("checks");
        out = dir.resolve("out");
        demo = NightlyCommandTest.run("demo", "--checks", checks.toString(), "--out", out.toString(), "--quiet");
    }

    @Test
    void quietPrintsEachNightsSummaryVerdictAndReportThenTheCopiesAndWhereToOpenTheReport() {
        assertThat(demo.code()).as(demo.err()).isEqualTo(Main.OK);
        assertThat(demo.err()).isEmpty();
        String[] lines = demo.out().strip().split("\\R");
        assertThat(lines).hasSize(8);
        for (int night = 0; night < 2; night++) {
            assertThat(lines[3 * night]).matches("\\d{8}T\\d{6}Z(-\\d+)?: \\d+ articles, .* archive problems");
            assertThat(lines[3 * night + 1]).matches(night == 0
                    ? "First run: \\d+ failing links?, a link is dead after 3 failures over 48 h.*"
                    : "(Nothing|Something) new is wrong since the previous run.*");
            assertThat(lines[3 * night + 2]).startsWith("report: ").endsWith("report.html");
        }
        assertThat(lines[2]).isNotEqualTo(lines[5]);
        assertThat(lines[6]).matches("copies of \\d+ failing links: 1 preserved \\(our capture\\), 3 archived elsewhere, \\d+ lost");
        assertThat(lines[7]).isEqualTo("open " + checks.toAbsolutePath().resolve("latest").resolve("report.html").toUri());
        assertThat(checks.resolve("latest").resolve("report.html")).exists();
    }

    @Test
    void theTwoNightsArchiveStepFindsThreePublicMementosThenAnswersFromTheCache() throws IOException {
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            List<Run> runs = store.runs();
            assertThat(runs).hasSize(2).allMatch(Run::isFinished);
            JsonNode first = archives(store, runs.get(0));
            JsonNode second = archives(store, runs.get(1));
            assertThat(first.path("found").asInt()).as(first.toString()).isEqualTo(DemoSite.EXAMPLE_ARCHIVED.size());
            assertThat(first.path("failed").asInt()).isZero();
            assertThat(first.path("cached").asInt()).isZero();
            assertThat(second.path("cached").asInt()).as(second.toString()).isEqualTo(first.path("candidates").asInt());
            assertThat(second.path("found").asInt()).isZero();
            assertThat(second.path("failed").asInt()).isZero();
        }
    }

    static JsonNode archives(RunStore store, Run run) throws IOException {
        RunStage s = store.stage(run.id(), org.newskeeper.history.Stage.ARCHIVES).orElseThrow();
        assertThat(s.state()).isEqualTo(RunStage.State.DONE);
        return JSON.readTree(s.data());
    }

    @Test
    void theDeadPageIsExportedAsOurCopyAndServeReplaysItWithItsImageFromTheArchive() throws Exception {
        try (ReviewServer server = ReviewServer.start(InetAddress.getLoopbackAddress(), 0, checks, out, Clock.systemUTC())) {
            String base = server.url().toString().replaceAll("/$", "");
            NightlyCommandTest.Result export = NightlyCommandTest.run("export", "robust-links", "--checks", checks.toString(),
                    "--format", "json", "--replay-base", base);
            assertThat(export.code()).as(export.err()).isEqualTo(Main.OK);
            List<JsonNode> preserved = new ArrayList<>();
            List<JsonNode> elsewhere = new ArrayList<>();
            for (JsonNode row : JSON.readTree(export.out())) {
                if (row.path("state").asText().equals("preserved")) {
                    preserved.add(row);
                } else if (row.path("state").asText().equals("archived-elsewhere")) {
                    elsewhere.add(row);
                }
            }
            assertThat(preserved).hasSize(1);
            JsonNode ours = preserved.get(0);
            assertThat(ours.path("original_url").asText()).isEqualTo(DOOMED);
            assertThat(ours.path("status").asText()).isEqualTo("broken");
            assertThat(ours.path("version_source").asText()).isEqualTo("newskeeper");
            assertThat(ours.path("version_url").asText()).startsWith(base + "/replay/").endsWith("/" + DOOMED);
            assertThat(elsewhere).hasSize(DemoSite.EXAMPLE_ARCHIVED.size())
                    .allMatch(r -> r.path("version_source").asText().equals(DemoSite.TIMEGATE_HOST))
                    .allMatch(r -> r.path("version_url").asText().startsWith(DemoSite.timeGatePrefix()));

            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(ours.path("version_url").asText())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>" + DOOMED_TITLE + "</h1>");
            Matcher img = Pattern.compile("<img src=\"(/replay/\\d{14}/https://s\\.rfi\\.fr/[^\"]+macron-pekin\\.jpg)\"").matcher(page.body());
            assertThat(img.find()).as(page.body()).isTrue();
            HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(base + img.group(1))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).contains("image/jpeg");
            assertThat(ImageIO.read(new ByteArrayInputStream(image.body())).getWidth()).isPositive();
        }
    }

    @Test
    void twoDemosOfOneNightWithTheDefaultMaxAgeAreANightOnAnUnchangedCorpusThatRechecksOnlyTheFailingUrls(@TempDir Path own)
            throws IOException {
        String[] args = {"demo", "--nights", "1", "--max-age", "7d", "--checks", own.resolve("checks").toString(),
            "--out", own.resolve("out").toString(), "--quiet"};
        NightlyCommandTest.Result first = NightlyCommandTest.run(args);
        NightlyCommandTest.Result second = NightlyCommandTest.run(args);

        assertThat(first.code()).as(first.err()).isEqualTo(Main.OK);
        assertThat(second.code()).as(second.err()).isEqualTo(Main.OK);
        // one night each: summary, verdict, report, copies, open
        assertThat(second.out().strip().split("\\R")).hasSize(5);
        try (Database db = Database.open(own.resolve("checks").resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            List<Run> runs = store.runs();
            assertThat(runs).hasSize(2);
            long failing = store.links(runs.get(0).id()).stream()
                    .filter(l -> !l.status().isAlive()).count();
            RunStage links1 = store.stage(runs.get(0).id(), org.newskeeper.history.Stage.LINKS).orElseThrow();
            RunStage links2 = store.stage(runs.get(1).id(), org.newskeeper.history.Stage.LINKS).orElseThrow();
            assertThat(links1.message()).contains(links1.count() + " URLs, " + links1.count() + " requested");
            // night 2, minutes later: the alive URLs are not due for days; only those not alive are asked again
            assertThat(failing).isPositive().isLessThan(links1.count());
            assertThat(links2.message()).as(links2.message()).contains(links2.count() + " URLs, " + failing + " requested");
            // nothing was made to fail between the two: the first night's failures, no new one
            assertThat(store.links(runs.get(1).id()).stream()
                    .filter(l -> !l.status().isAlive()).count()).isEqualTo(failing);
        }
    }

    @Test
    void archiveRateMustBeLookupsPerSecondAboveZero() {
        for (String rate : List.of("0", "-1", "NaN", "Infinity")) {
            NightlyCommandTest.Result r = NightlyCommandTest.run("demo", "--nights", "1", "--archive-rate", rate, "--quiet");
            assertThat(r.code()).as(rate).isEqualTo(Main.USAGE);
            assertThat(r.err()).contains("--archive-rate: expected lookups per second above 0, got ");
        }
    }

    @Test
    void nightsMustBeOneOrTwo() {
        NightlyCommandTest.Result r = NightlyCommandTest.run("demo", "--nights", "3", "--quiet");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--nights: expected 1 or 2, got 3");
    }

    @Test
    void helpSaysWhatQuietPrints() {
        StringWriter help = new StringWriter();
        Main.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "demo", "--help");
        assertThat(help.toString().replaceAll("\\s+", " "))
                .contains("each night's final three lines (summary, verdict, report path), the copies of the failing links and where to open the report")
                .contains("Runs the nightly job twice");
    }
}
