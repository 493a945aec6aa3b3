package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.nightly.NightlyLock;

/** The nightly and report commands' refusals: each exits 2 with one clear line, before any network. */
class NightlyCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aMissingCorpusIsAUsageError() {
        Result r = run("nightly", dir.resolve("nope").toString(), "--checks", dir.resolve("checks").toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("nope: no such corpus folder");
        assertThat(dir.resolve("checks")).doesNotExist();
    }

    @Test
    void aBadConfigurationOrFlagIsAUsageErrorNamingIt() throws IOException {
        Path config = dir.resolve("bad.toml");
        Files.writeString(config, "[rules]\nno-such-rule = \"error\"\n");
        Result r = run("nightly", "examples/corpus", "--checks", dir.resolve("checks").toString(), "--config", config.toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("no-such-rule");

        Path misspelt = dir.resolve("misspelt.toml");
        Files.writeString(misspelt, "[nightly]\nkeep-runs = 3\n");
        Result key = run("nightly", "examples/corpus", "--checks", dir.resolve("checks").toString(), "--config", misspelt.toString());
        assertThat(key.code()).isEqualTo(Main.USAGE);
        assertThat(key.err()).contains("[nightly]").contains("keep-runs").contains("keep_runs");

        Result flag = run("nightly", "examples/corpus", "--checks", dir.resolve("checks").toString(), "--concurrency", "0");
        assertThat(flag.code()).isEqualTo(Main.USAGE);
        assertThat(flag.err()).contains("concurrency must be at least 1");
        assertThat(dir.resolve("checks")).doesNotExist();
    }

    @Test
    void aBadAuditEveryIsAUsageErrorNamingTheFlagBeforeAnythingIsCreated() {
        for (String bad : List.of("0", "fortnight", "500ms")) {
            Result r = run("nightly", "examples/corpus", "--checks", dir.resolve("checks").toString(), "--audit-every", bad);
            assertThat(r.code()).as(bad).isEqualTo(Main.USAGE);
            assertThat(r.err()).as(bad).contains("--audit-every").contains(bad);
        }
        assertThat(dir.resolve("checks")).doesNotExist();
    }

    @Test
    void aSecondRunOnTheSameChecksFolderIsRefusedWithExitTwo() throws IOException {
        Path checks = dir.resolve("checks");
        try (NightlyLock held = NightlyLock.acquire(checks)) {
            Result r = run("nightly", "examples/corpus", "--checks", checks.toString(), "--out", dir.resolve("out").toString());
            assertThat(r.code()).isEqualTo(Main.USAGE);
            assertThat(r.err()).contains("another nightly run is using " + checks).contains("nightly.lock");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** Asserts a refusal: exit 2, one line on standard error containing {@code line}, nothing on standard output. */
    static void assertRefusedInOneLine(Result r, String line) {
        assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
        assertThat(r.err().strip()).doesNotContain("\n").contains(line);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anOutFolderThatIsARegularFileIsAUsageErrorBeforeAnyStageOrFolder() throws IOException {
        Path afile = Files.writeString(dir.resolve("afile"), "keep me");
        Path checks = dir.resolve("checks");
        assertRefusedInOneLine(run("nightly", "examples/corpus", "--checks", checks.toString(), "--out", afile.toString()),
                "WARC folder " + afile + ": not a directory");
        assertThat(checks).doesNotExist();
        assertThat(afile).hasContent("keep me");
    }

    @Test
    void aChecksFolderThatIsARegularFileOrUnderOneIsAUsageErrorBeforeAnyStageOrFolder() throws IOException {
        Path afile = Files.writeString(dir.resolve("afile"), "keep me");
        String out = dir.resolve("out").toString();
        assertRefusedInOneLine(run("nightly", "examples/corpus", "--checks", afile.toString(), "--out", out),
                "--checks " + afile + ": not a directory");
        assertRefusedInOneLine(run("nightly", "examples/corpus", "--checks", afile.resolve("sub").toString(), "--out", out),
                "--checks " + afile.resolve("sub") + ": " + afile + " is not a directory");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(afile).hasContent("keep me");
    }

    @Test
    void demoRefusesAFileForItsFoldersBeforeStartingAnything() throws IOException {
        Path afile = Files.writeString(dir.resolve("afile"), "keep me");
        assertRefusedInOneLine(run("demo", "--checks", afile.toString(), "--out", dir.resolve("out").toString()),
                "--checks " + afile + ": not a directory");
        assertRefusedInOneLine(run("demo", "--checks", dir.resolve("checks").toString(), "--out", afile.toString()),
                "--out " + afile + ": not a directory");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir.resolve("checks")).doesNotExist();
    }

    @Test
    void aDemoRefusedByTheLockDoesNotPrintAReportItDidNotWrite() throws IOException {
        Path checks = dir.resolve("checks");
        try (NightlyLock held = NightlyLock.acquire(checks)) {
            Result r = run("demo", "--checks", checks.toString(), "--out", dir.resolve("out").toString(), "--quiet");
            assertThat(r.code()).isEqualTo(Main.USAGE);
            assertThat(r.err()).contains("another nightly run is using " + checks);
            assertThat(r.out()).doesNotContain("open ").doesNotContain("report.html");
        }
        assertThat(checks.resolve("latest")).doesNotExist();
    }

    @Test
    void nightlyHelpSaysQuietPrintsOnlyTheFinalThreeLines() {
        // what the demo prints with --quiet (each night's three lines, the copies, the open line): DemoCommandTest
        StringWriter help = new StringWriter();
        Main.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "nightly", "--help");
        assertThat(help.toString().replaceAll("\\s+", " "))
                .contains("print only errors and the final three lines (summary, verdict, report path)");
    }

    @Test
    void reportWithoutADatabaseOrWithAnUnknownRunIsAUsageError() throws IOException {
        Result none = run("report", "--checks", dir.resolve("checks").toString());
        assertThat(none.code()).isEqualTo(Main.USAGE);
        assertThat(none.err()).contains("no run database");

        recordRuns(dir.resolve("checks"));
        Result unknown = run("report", "--checks", dir.resolve("checks").toString(), "--run", "19990101T000000Z");
        assertThat(unknown.code()).isEqualTo(Main.USAGE);
        assertThat(unknown.err()).contains("no run 19990101T000000Z");
    }

    @Test
    void reportRegeneratesARunFromTheDatabaseAndRefreshesLatestOnlyForTheLatestRun() throws IOException {
        Path checks = dir.resolve("checks");
        String[] ids = recordRuns(checks);

        Result latest = run("report", "--checks", checks.toString());
        assertThat(latest.code()).as(latest.err()).isZero();
        Path html = checks.resolve("runs").resolve(ids[1]).resolve("report.html");
        assertThat(html).isRegularFile();
        assertThat(checks.resolve("latest").resolve("report.json")).hasSameTextualContentAs(
                checks.resolve("runs").resolve(ids[1]).resolve("report.json"));
        assertThat(Files.readString(html)).contains("compared with run " + ids[0]);
        assertThat(Files.readString(checks.resolve("latest").resolve("report.json"))).contains("\"title\" : \"<b>bold</b>\"");

        byte[] before = Files.readAllBytes(checks.resolve("latest").resolve("report.json"));
        Result old = run("report", "--checks", checks.toString(), "--run", ids[0]);
        assertThat(old.code()).isZero();
        assertThat(checks.resolve("runs").resolve(ids[0]).resolve("junit.xml")).isRegularFile();
        assertThat(Files.readAllBytes(checks.resolve("latest").resolve("report.json"))).isEqualTo(before);

        Result again = run("report", "--checks", checks.toString());
        assertThat(Files.readAllBytes(checks.resolve("latest").resolve("report.json"))).isEqualTo(before);
        assertThat(again.code()).isZero();
    }

    @Test
    void reportRegeneratedFromTheDatabaseWritesTheNightlysReportJsonByteForByte() throws IOException {
        Path checks = dir.resolve("checks");
        Result night = run("demo", "--checks", checks.toString(), "--out", dir.resolve("out").toString(), "--quiet");
        assertThat(night.code()).as(night.err()).isIn(Main.OK, Main.PROBLEMS);
        Path runs = checks.resolve("runs");
        Path runDir;
        try (var list = Files.list(runs)) {
            runDir = list.sorted().reduce((a, b) -> b).orElseThrow(); // the demo's second night: what 'report' rewrites
        }
        byte[] original = Files.readAllBytes(runDir.resolve("report.json"));
        byte[] originalCsv = Files.readAllBytes(runDir.resolve("broken-links.csv"));

        Result again = run("report", "--checks", checks.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(new String(Files.readAllBytes(runDir.resolve("report.json")), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(original, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(runDir.resolve("report.json"))).isEqualTo(original);
        assertThat(Files.readAllBytes(runDir.resolve("broken-links.csv"))).isEqualTo(originalCsv);
        assertThat(Files.readAllBytes(checks.resolve("latest").resolve("report.json"))).isEqualTo(original);
        // the same bytes in another process too: no order that depends on the process (Map.copyOf's)
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(original);
        List<String> statuses = new java.util.ArrayList<>();
        json.path("summary").path("links_by_status").fieldNames().forEachRemaining(statuses::add);
        assertThat(statuses).hasSizeGreaterThan(1).isSorted();
        assertThat(json.path("run").path("finished").asText()).matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
    }

    /** Two finished runs straight into the run tables; returns their ids. */
    private static String[] recordRuns(Path checks) throws IOException {
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            String[] ids = new String[2];
            for (int i = 0; i < 2; i++) {
                Instant t = Instant.parse("2026-11-20T02:00:00Z").plus(Duration.ofDays(i));
                Run run = store.begin("/corpus", "{}", t);
                store.completeCheck(run.id(), List.of(new RunArticle("rfi/1.md", "rfi", "canonical",
                        Optional.of("<b>bold</b>"), Optional.empty(), Optional.of(t), 0, 0)), List.of(),
                        new RunStage(org.newskeeper.history.Stage.CHECK, RunStage.State.DONE, t, t, 1, "1 article", "{}"));
                store.finish(run.id(), t.plusSeconds(5), 0);
                ids[i] = run.id();
            }
            return ids;
        }
    }
}
