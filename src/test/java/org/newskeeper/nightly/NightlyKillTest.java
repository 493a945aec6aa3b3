package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStore;

/**
 * SIGKILL the nightly job (the demo, in a child JVM, over examples/corpus and the web double) during
 * its first night's links, pack and reports; start it again (it resumes the first night, then runs the
 * second); the final state must equal that of a demo that was never interrupted: the same reports,
 * every article archived exactly once, the same captures, a clean verify, two finished runs.
 */
class NightlyKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    static Path base;
    static State uninterrupted;

    @TempDir
    Path dir;

    /** What a finished run left, with what differs between any two runs (times, ids, folders) taken out. */
    record State(JsonNode report, Map<String, Integer> archived, List<String> captures, int runs, boolean latestIsRun) {
    }

    @BeforeAll
    static void runOnceUninterrupted() throws Exception {
        Path checks = base.resolve("checks");
        Path out = base.resolve("out");
        Process p = demo(checks, out, base.resolve("log"), false);
        assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(base.resolve("log"))).isZero();
        uninterrupted = state(checks, out);
    }

    static Process demo(Path checks, Path out, Path log, boolean pauseInReport) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        // the pausing demo waits a minute between drafting the reports and publishing them
        cmd.addAll(pauseInReport ? List.of("org.newskeeper.cli.PausingDemo") : List.of("org.newskeeper.cli.Main", "demo"));
        // the checker's usual retries and spacing (the demo's own are quicker), so that its first night's
        // links stage lasts long enough to be killed in
        cmd.addAll(List.of("--checks", checks.toString(), "--out", out.toString(), "--retries", "3", "--per-host-interval", "100"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the child's log has a line that {@code ready} accepts, then SIGKILLs it. */
    static void killWhen(Process p, Path log, Predicate<String> ready, Duration after) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the child ended before the kill point:\n" + Files.readString(log)).isTrue();
            if (Files.readAllLines(log).stream().anyMatch(ready)) {
                Thread.sleep(after.toMillis());
                assertThat(p.isAlive()).as("the child ended before the kill:\n" + Files.readString(log)).isTrue();
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(128 + 9);
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no kill point in the log:\n" + Files.readString(log));
    }

    static State state(Path checks, Path out) throws IOException {
        Path latest = checks.resolve("latest");
        ObjectNode report = (ObjectNode) JSON.readTree(latest.resolve("report.json").toFile());
        String id = report.path("run").path("id").asText();
        boolean latestIsRun = true;
        for (String f : List.of("report.html", "report.md", "report.json", "broken-links.csv", "junit.xml")) {
            latestIsRun &= Files.mismatch(latest.resolve(f), checks.resolve("runs").resolve(id).resolve(f)) == -1;
        }
        report.remove(List.of("run", "tool"));
        ((ObjectNode) report.path("summary")).remove("problems");
        ((ObjectNode) report.path("changes")).remove("new_problems");
        ArrayNode verifyProblems = JSON.createArrayNode();
        report.path("problems").forEach(p -> {
            if (p.path("stage").asText().equals("verify")) {
                verifyProblems.add(p);
            }
        });
        report.set("problems", verifyProblems);
        report.remove("health");
        // the WARC files are named and verified at each run's own time: what must match is that each verified clean
        report.path("archives").forEach(a -> assertThat(a.path("result").asText()).as(a.path("file").asText())
                .isEqualTo("clean"));
        report.remove("archives");
        report.path("links").forEach(l -> {
            ((ObjectNode) l).remove(List.of("first_seen", "last_ok", "age_days"));
            // where our copy is: the same capture, in a WARC file of its own run (name, record id and time differ)
            if (l.path("copy").isObject()) {
                ((ObjectNode) l.path("copy")).remove(List.of("capture_date", "warc", "record_id", "replay"));
            }
        });

        Map<String, Integer> archived = new TreeMap<>();
        List<String> captures = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path cdxj : files.filter(f -> f.toString().endsWith(".cdxj")).toList()) {
                for (String line : Files.readAllLines(cdxj)) {
                    JsonNode j = JSON.readTree(line.substring(line.indexOf('{')));
                    String url = j.path("url").asText();
                    if (url.startsWith("urn:")) {
                        archived.merge(url, 1, Integer::sum);
                    } else {
                        captures.add(url + " " + j.path("mime").asText() + " " + j.path("status").asText() + " "
                                + j.path("digest").asText());
                    }
                }
            }
        }
        captures.sort(null);
        int runs;
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            assertThat(store.unfinished()).isEmpty();
            runs = (int) store.runs().stream().filter(Run::isFinished).count();
        }
        return new State(report, archived, captures, runs, latestIsRun);
    }

    void killAndRerun(Predicate<String> ready, Duration after, boolean pauseInReport, boolean linksInterrupted)
            throws Exception {
        Path checks = dir.resolve("checks");
        Path out = dir.resolve("out");
        Path log = dir.resolve("killed.log");
        killWhen(demo(checks, out, log, pauseInReport), log, ready, after);

        Path again = dir.resolve("again.log");
        Process p = demo(checks, out, again, false);
        assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(again)).isZero();
        assertThat(Files.readString(again)).contains("resuming interrupted run");
        assertThat(Files.readString(again).contains("completed the link run an interruption had left"))
                .isEqualTo(linksInterrupted);

        State s = state(checks, out);
        assertThat(s.archived()).as("every article archived exactly once").hasSize(13).allSatisfy((k, v) -> assertThat(v).isOne());
        assertThat(s.runs()).as("the demo's two nights").isEqualTo(2).isEqualTo(uninterrupted.runs());
        assertThat(s.latestIsRun()).isTrue();
        assertThat(s.report().path("problems")).as("verify is clean").isEmpty();
        assertThat(s.captures()).isEqualTo(uninterrupted.captures());
        assertThat(s.archived()).isEqualTo(uninterrupted.archived());
        for (String key : List.of("summary", "changes", "findings", "articles", "problems")) {
            assertThat(s.report().path(key)).as(key).isEqualTo(uninterrupted.report().path(key));
        }
        JsonNode links = s.report().path("links");
        JsonNode expected = uninterrupted.report().path("links");
        assertThat(links.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(links.path(i)).as("link " + i + ", consecutive failures included").isEqualTo(expected.path(i));
        }
        assertThat(s.report()).isEqualTo(uninterrupted.report());
    }

    @Test
    void killedDuringLinksTheRerunEndsAsIfNeverInterrupted() throws Exception {
        killAndRerun(l -> l.contains("nightly: links: ") && l.contains("items"), Duration.ofMillis(2500), false, true);
    }

    @Test
    void killedDuringPackTheRerunEndsAsIfNeverInterrupted() throws Exception {
        killAndRerun(l -> l.contains("nightly: pack: started"), Duration.ofMillis(400), false, false);
    }

    @Test
    void killedDuringReportsTheRerunEndsAsIfNeverInterrupted() throws Exception {
        killAndRerun(l -> l.contains("nightly: report: started"), Duration.ofMillis(1500), true, false);
    }
}
