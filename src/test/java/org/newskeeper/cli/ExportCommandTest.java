package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.TimeGateAnswer;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.Database;
import org.newskeeper.history.MementoCache;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

class ExportCommandTest {
    private static final String OURS = "https://news.example/ours";
    private static final String PUBLIC = "https://news.example/public";
    private static final String LOST = "https://news.example/lost";
    private static final String ALIVE = "https://news.example/alive";

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

    private static RunLink link(String url, String status) {
        return new RunLink(url, org.newskeeper.linkstate.LinkStatus.fromId(status).orElseThrow(), Optional.of(status.equals("ok") ? 200 : 404), Optional.of(url), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, false, false, false,
                List.of(Citation.of("site/a.md", Role.SOURCE), Citation.of("site/b.md", Role.LINK)));
    }

    @BeforeEach
    void finishedRun() throws IOException {
        checks = dir.resolve("checks");
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Instant now = Instant.parse("2026-01-02T02:00:00Z");
            Run run = store.begin(dir.toString(), "{\"collection\":\"news\"}", now);
            store.completeLinks(run.id(), List.of(link(OURS, "broken"), link(PUBLIC, "broken"), link(LOST, "server-error"),
                    link(ALIVE, "ok")), new RunStage(org.newskeeper.history.Stage.LINKS, RunStage.State.DONE, now, now, 4, "4 URLs", "{}"));
            store.finish(run.id(), now, 1);
            new ArchiveIndex(db).commitFile(new ArchiveIndex.FileEntry("news-1.warc.gz", "news", 10, "2026-01-01T00:00:00Z",
                    "2026-01-01T00:00:01Z"), List.of(), List.of(new ArchiveIndex.PayloadEntry("sha1:X", "<urn:uuid:1>", OURS,
                    "2026-01-01T02:00:00Z", "news-1.warc.gz", 0)));
            new MementoCache(db).put(new TimeGateAnswer(PUBLIC, "https://web.archive.org/web/", "web.archive.org",
                    TimeGateAnswer.Outcome.FOUND, Optional.of("https://web.archive.org/web/20210601000000/" + PUBLIC),
                    Optional.of(Instant.parse("2021-06-01T00:00:00Z")), Optional.empty()), Instant.parse("2021-05-01T00:00:00Z"), now);
        }
    }

    @Test
    void robustLinksGiveOurCaptureFirstThenThePublicMementoPerArticleAndUrl() throws IOException {
        Result csv = run("export", "robust-links", "--checks", checks.toString());
        assertThat(csv.code()).as(csv.err()).isEqualTo(Main.OK);
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", org.newskeeper.report.RobustLinks.COLUMNS));
        assertThat(lines).hasSize(1 + 8); // 4 URLs x 2 articles
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("site/a.md,urn:newskeeper:news:site/a.md," + OURS
                + ",broken,preserved,http://127.0.0.1:8470/replay/20260101020000/" + OURS + ",2026-01-01T02:00:00Z,newskeeper,news-1.warc.gz"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(PUBLIC + ",broken,archived-elsewhere,https://web.archive.org/web/20210601000000/"
                + PUBLIC + ",2021-06-01T00:00:00Z,web.archive.org"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(LOST + ",server-error,lost,,,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(ALIVE + ",ok,,,,"));

        Result json = run("export", "robust-links", "--checks", checks.toString(), "--format", "json");
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0).get("article").asText()).isEqualTo("site/a.md");

        Path html = dir.resolve("robust.html");
        Result h = run("export", "robust-links", "--checks", checks.toString(), "--format", "html", "--output", html.toString());
        assertThat(h.code()).isEqualTo(Main.OK);
        assertThat(Files.readString(html)).contains("data-originalurl=\"" + PUBLIC + "\" data-versionurl=\"https://web.archive.org/web/20210601000000/"
                + PUBLIC + "\" data-versiondate=\"2021-06-01\"");
    }

    @Test
    void aBadFormatOrAMissingDatabaseIsAOneLineUsageError() {
        Result bad = run("export", "robust-links", "--checks", checks.toString(), "--format", "xml");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("--format xml");
        Result none = run("export", "robust-links", "--checks", dir.resolve("none").toString());
        assertThat(none.code()).isEqualTo(Main.USAGE);
        assertThat(none.err()).contains("no run database");
        assertThat(dir.resolve("none")).doesNotExist();
        assertThat(run("export", "dead-links", "--checks", checks.toString()).code()).isEqualTo(Main.USAGE);
    }
}
