package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.linkstate.LinkObservation;
import org.newskeeper.history.Triage;
import org.newskeeper.history.TriageStore;

class TriageCommandTest {
    private static final String DEAD = "https://www.example.org/news/gone";

    @TempDir
    Path dir;
    Path checks;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void history() throws IOException {
        checks = dir.resolve("checks");
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            LinkHistory h = new LinkHistory(db);
            long run = h.startRun();
            h.record(run, new LinkObservation(DEAD, Instant.now(), LinkStatus.BROKEN, Optional.of(404), Optional.of(DEAD),
                    List.of(), Optional.of("HTTP 404")), 3, Duration.ofHours(48));
            h.finishRun(run, 1, 1);
        }
    }

    @Test
    void aDecisionIsKeptAcrossRunsWithWhoAndWhenUnderTheNormalisedKey() throws IOException {
        // cited with another spelling: upper-case host, a fragment
        Result r = run("triage", "HTTPS://WWW.EXAMPLE.ORG/news/gone#top", "--as", "replaced",
                "--replacement", "https://www.example.org/news/moved", "--note", "moved by the site", "--checks", checks.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);

        Result list = run("triage", "--list", "--checks", checks.toString());
        assertThat(list.code()).isEqualTo(Main.OK);
        assertThat(list.out()).contains(DEAD).contains("replaced -> https://www.example.org/news/moved")
                .contains("moved by the site").contains(System.getProperty("user.name"));

        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            Triage t = new TriageStore(db).of(DEAD).orElseThrow();
            assertThat(t.decision()).isEqualTo(Triage.Decision.REPLACED);
            assertThat(t.by()).isEqualTo(System.getProperty("user.name"));
            assertThat(t.at()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
        }

        Result cleared = run("triage", "--clear", DEAD, "--checks", checks.toString());
        assertThat(cleared.code()).isEqualTo(Main.OK);
        assertThat(run("triage", "--list", "--checks", checks.toString()).out()).isEmpty();
    }

    @Test
    void aDecisionCanBeReplacedByALaterOne() {
        assertThat(run("triage", DEAD, "--as", "handled", "--checks", checks.toString()).code()).isEqualTo(Main.OK);
        assertThat(run("triage", DEAD, "--as", "false-positive", "--checks", checks.toString()).code()).isEqualTo(Main.OK);
        String list = run("triage", "--list", "--checks", checks.toString()).out();
        assertThat(list).contains("false-positive").doesNotContain("handled");
    }

    @Test
    void anUnknownUrlIsAOneLineUsageError() {
        Result r = run("triage", "https://never.example/seen", "--as", "handled", "--checks", checks.toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err().strip()).contains("https://never.example/seen: unknown URL").doesNotContain("\n");
    }

    @Test
    void aBadDecisionOrReplacementIsAOneLineUsageError() {
        Result bad = run("triage", DEAD, "--as", "fixed", "--checks", checks.toString());
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("unknown decision").contains("handled|false-positive|replaced");

        Result noReplacement = run("triage", DEAD, "--as", "replaced", "--checks", checks.toString());
        assertThat(noReplacement.code()).isEqualTo(Main.USAGE);
        assertThat(noReplacement.err()).contains("needs --replacement");

        Result ftp = run("triage", DEAD, "--as", "replaced", "--replacement", "ftp://example.org/x", "--checks", checks.toString());
        assertThat(ftp.code()).isEqualTo(Main.USAGE);
        assertThat(ftp.err()).contains("not an http(s) URL");

        Result malformed = run("triage", DEAD, "--as", "replaced", "--replacement", "https://exa mple.org/", "--checks", checks.toString());
        assertThat(malformed.code()).isEqualTo(Main.USAGE);
        assertThat(malformed.err()).contains("malformed URL at index");
    }

    @Test
    void aMissingDatabaseIsAOneLineUsageErrorAndCreatesNothing() {
        Path none = dir.resolve("none");
        Result r = run("triage", "--list", "--checks", none.toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("no link database");
        assertThat(none).doesNotExist();
    }
}
