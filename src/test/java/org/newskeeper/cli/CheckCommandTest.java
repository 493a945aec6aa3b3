package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.Fixtures;

class CheckCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void jsonOutputHasExactlyTheShapeOfTheIssue() throws IOException {
        int code = run("check", "--format", "json", Fixtures.path("articles/valid").toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(fieldNames(doc)).containsExactly("files", "summary", "articles");
        assertThat(doc.get("files").asInt()).isEqualTo(6);
        assertThat(fieldNames(doc.get("summary"))).containsExactly("errors", "warnings", "valid");
        assertThat(doc.get("summary").get("valid").asInt()).isEqualTo(6);
        JsonNode rfi = null;
        for (JsonNode a : doc.get("articles")) {
            assertThat(fieldNames(a)).containsExactly("path", "dialect", "timestamp", "title", "source", "published", "links", "findings");
            for (JsonNode l : a.get("links")) {
                assertThat(fieldNames(l)).startsWith("url", "role", "decoded");
            }
            if (a.get("path").asText().equals("rfi.md")) {
                rfi = a;
            }
        }
        assertThat(rfi).isNotNull();
        assertThat(rfi.get("dialect").asText()).isEqualTo("canonical");
        assertThat(rfi.get("timestamp").asText()).isEqualTo("2023-07-26T13:45:02Z");
        assertThat(rfi.get("published").asText()).isEqualTo("2023-07-26T13:39:00Z");
        assertThat(rfi.get("title").asText()).isEqualTo("示例城市举办“开放日”活动");
        JsonNode source = rfi.get("links").get(0);
        assertThat(source.get("role").asText()).isEqualTo("source");
        assertThat(source.get("decoded").asText()).isEqualTo("/cn/国际/20230726-示例城市举办-开放日-活动");
        assertThat(rfi.get("links").findValuesAsText("target")).contains("https://rfi.my/ab12.F");
        assertThat(doc.get("articles").findValuesAsText("dialect")).contains("jekyll", "cdt");
    }

    @Test
    void jsonFindingsHaveRuleSeverityLineAndMessageAndNullsForAbsentParts() throws IOException {
        int code = run("check", "--format", "json", Fixtures.path("articles/rules/timestamp-missing.md").toString());
        assertThat(code).isEqualTo(Main.PROBLEMS);
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("summary").get("errors").asInt()).isEqualTo(1);
        assertThat(doc.get("summary").get("valid").asInt()).isZero();
        JsonNode a = doc.get("articles").get(0);
        assertThat(a.get("path").asText()).isEqualTo("timestamp-missing.md");
        assertThat(a.get("timestamp").isNull()).isTrue();
        JsonNode f = a.get("findings").get(0);
        assertThat(fieldNames(f)).containsExactly("rule", "severity", "line", "message");
        assertThat(f.get("rule").asText()).isEqualTo("timestamp-missing");
        assertThat(f.get("severity").asText()).isEqualTo("error");
        assertThat(f.get("line").asInt()).isEqualTo(1);
    }

    @Test
    void textOutputGroupsFindingsByFileAndEndsWithASummary() {
        int code = run("check", Fixtures.path("articles/rules").toString());
        assertThat(code).isEqualTo(Main.PROBLEMS);
        String text = out.toString();
        assertThat(text).contains("title-empty.md\n  title-empty.md:2: error [title-empty] the title link has an empty title\n");
        assertThat(text).contains("duplicate-source/b.md:2: warning [duplicate-source] same source URL as");
        assertThat(text.strip()).endsWith("valid").contains("files checked:");
    }

    @Test
    void severalPathsAreOneRunAndTextNamesFilesAsFound() {
        Path a = Fixtures.path("articles/rules/title-empty.md");
        Path b = Fixtures.path("articles/valid/rfi.md");
        assertThat(run("check", a.toString(), b.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains(b + ":2: warning [duplicate-source] same source URL as " + a + "\n");
        assertThat(out.toString()).contains("2 files checked");
    }

    @Test
    void textEndsWithTheCountOfFindingsByRule() {
        run("check", Fixtures.path("articles/rules/html-malformed.md").toString());
        assertThat(out.toString()).contains("findings by rule: html-malformed 2\n1 file checked");
    }

    @Test
    void jobsSetsHowManyFilesAreParsedAtOnceAndMustBePositive() {
        assertThat(run("check", "--jobs", "1", Fixtures.path("articles/valid").toString())).isZero();
        assertThat(out.toString()).contains("6 files checked: 0 errors, 0 warnings, 6 valid");
        assertThat(run("check", "--jobs", "0", ".")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--jobs must be at least 1");
    }

    @Test
    void onlyWarningsExitZero() {
        assertThat(run("check", Fixtures.path("articles/rules/html-malformed.md").toString())).isZero();
        assertThat(out.toString()).contains("[html-malformed]").contains("1 file checked: 0 errors, 2 warnings, 1 valid");
    }

    @Test
    void missingPathIsAUsageErrorNamingIt() {
        int code = run("check", "no/such/corpus");
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: no/such/corpus: no such file or directory");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void bidiControlsInPathsAndTitlesAreShownByNameInTextAndEscapedInJson(@TempDir Path dir) throws IOException {
        Path file;
        try {
            file = dir.resolve("rfi/\u202Egpj.exe.md");
        } catch (java.nio.file.InvalidPathException e) {
            org.junit.jupiter.api.Assumptions.abort("SKIPPED: this JVM's file-name encoding ("
                    + System.getProperty("sun.jnu.encoding") + ") cannot name a file with U+202E; run with a UTF-8 locale");
            return;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[Report \u202Egpj.exe](https://www.rfi.fr/cn/a)\n------\n\n<p>text</p>\n");
        int code = run("check", dir.toString());
        assertThat(code).as(err.toString()).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains("rfi/<U+202E>gpj.exe.md").doesNotContain("\u202E");

        out.getBuffer().setLength(0);
        run("check", "--format", "json", dir.toString());
        assertThat(out.toString()).doesNotContain("\u202E").contains("\\u202e");
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("articles").get(0).get("title").asText()).isEqualTo("Report \u202Egpj.exe");
    }

    @Test
    void unreadablePathIsAUsageError(@TempDir Path dir) throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assumeNotRoot(locked);
        int code = run("check", locked.toString());
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains(locked.toString());
    }

    @Test
    void pathThroughAFileIsAUsageErrorNamingIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a.md"), "x");
        int code = run("check", file.resolve("inside").toString());
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: " + file.resolve("inside") + ": no such file or directory");
    }

    private static void assumeNotRoot(Path locked) throws IOException {
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked),
                "running as root: permissions cannot make a directory unreadable; test skipped");
    }

    @Test
    void badFormatAndMissingPathArgumentAreUsageErrors() {
        assertThat(run("check", "--format", "xml", ".")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--format");
        assertThat(run("check")).isEqualTo(Main.USAGE);
    }

    @Test
    void configDisablesRulesAndChangesSeverities(@TempDir Path dir) throws IOException {
        Path toml = Files.writeString(dir.resolve("nk.toml"), "[rules]\ntimestamp-missing = \"warning\"\n");
        int code = run("check", "--config", toml.toString(), Fixtures.path("articles/rules/timestamp-missing.md").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("warning [timestamp-missing]");
        Path off = Files.writeString(dir.resolve("off.toml"), "[rules]\ndisabled = [\"timestamp-missing\"]\n");
        out.getBuffer().setLength(0);
        assertThat(run("check", "--config", off.toString(), Fixtures.path("articles/rules/timestamp-missing.md").toString())).isZero();
        assertThat(out.toString()).doesNotContain("timestamp-missing]");
    }

    @Test
    void badConfigIsAUsageErrorOnOneLine(@TempDir Path dir) throws IOException {
        Path toml = Files.writeString(dir.resolve("nk.toml"), "[rules]\nno-such-rule = \"error\"\n");
        assertThat(run("check", "--config", toml.toString(), ".")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("unknown rule 'no-such-rule'").doesNotContain("\n\n");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(run("check", "--config", dir.resolve("absent.toml").toString(), ".")).isEqualTo(Main.USAGE);
    }

    @Test
    void configValueOfTheWrongTypeIsAUsageErrorNamingTheKey(@TempDir Path dir) throws IOException {
        Path toml = Files.writeString(dir.resolve("nk.toml"), "[rules]\ndisabled = \"x\"\n");
        assertThat(run("check", "--config", toml.toString(), Fixtures.path("articles/valid").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("nk.toml [rules] disabled: expected a list of strings");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void listRulesPrintsEveryRuleWithItsSeverity() {
        assertThat(run("check", "--list-rules")).isZero();
        assertThat(out.toString()).contains("timestamp-missing").contains("slug-title-mismatch        warning");
    }
}
