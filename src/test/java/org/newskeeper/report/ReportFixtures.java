package org.newskeeper.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

/** Two recorded runs with hostile corpus text, written straight into a run store. */
final class ReportFixtures {
    static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    static final Instant T1 = T0.plus(Duration.ofDays(3));
    static final String HOSTILE_TITLE = "<script>alert(1)</script>";
    static final String HOSTILE_URL = "https://s.rfi.fr/a.jpg?\"><img src=x onerror=alert(2)>";
    static final String DEAD = "https://www.rfi.fr/cn/dead";
    static final String DYING = "https://www.voachinese.com/a/dying.html";
    static final String HEALED = "https://www.bbc.com/zhongwen/healed";

    final Database db;
    final RunStore store;
    Run first;
    Run second;

    ReportFixtures(Path dir) throws IOException {
        db = Database.open(dir.resolve("links.sqlite"));
        store = new RunStore(db);
    }

    static RunStage done(String name, Instant at, long count) {
        return new RunStage(org.newskeeper.history.Stage.fromId(name).orElseThrow(), RunStage.State.DONE, at, at.plusSeconds(1), count, name + " done", "{}");
    }

    static RunLink link(String url, String status, Integer code, boolean confirmed, int failures, Instant firstSeen,
            Instant lastOk, List<Citation> citations) {
        return new RunLink(url, org.newskeeper.linkstate.LinkStatus.fromId(status).orElseThrow(), Optional.ofNullable(code), Optional.empty(), List.of(), Optional.empty(),
                Optional.of(firstSeen), Optional.ofNullable(lastOk), failures, confirmed, false, false, citations);
    }

    static RunArticle article(String path, String title, int errors) {
        return new RunArticle(path, RunArticle.siteOf(path), "canonical", Optional.of(title),
                Optional.of("https://www.rfi.fr/cn/" + path), Optional.of(T0), errors, 0);
    }

    /** Run 1: two articles; one dead link (already confirmed), one failing link that will heal. */
    ReportFixtures firstRun() throws IOException {
        first = store.begin("examples/corpus", "{}", T0);
        store.completeCheck(first.id(), List.of(article("rfi/1.md", HOSTILE_TITLE, 1), article("voa/2.md", "美国之音", 0)),
                List.of(new Finding("timestamp-missing", Severity.ERROR, "rfi/1.md", 1, "no <!--millis--> line")),
                done("check", T0, 2));
        store.completeLinks(first.id(), List.of(
                link(DEAD, "broken", 404, true, 3, T0.minus(Duration.ofDays(10)), T0.minus(Duration.ofDays(9)),
                        List.of(Citation.of("rfi/1.md", Role.SOURCE))),
                link(DYING, "ok", 200, false, 0, T0, T0, List.of(Citation.of("voa/2.md", Role.SOURCE))),
                link(HEALED, "server-error", 503, false, 1, T0, null, List.of(Citation.of("voa/2.md", Role.LINK)))),
                done("links", T0, 3));
        store.finish(first.id(), T0.plusSeconds(60), 1);
        return this;
    }

    /** Run 2: an article added with an error; DYING now broken (suspect); HEALED alive; a hostile URL. */
    ReportFixtures secondRun() throws IOException {
        second = store.begin("examples/corpus", "{}", T1);
        store.completeCheck(second.id(), List.of(article("rfi/1.md", HOSTILE_TITLE, 1), article("voa/2.md", "美国之音", 0),
                article("bbc/3.md", "new | article", 1)),
                List.of(new Finding("timestamp-missing", Severity.ERROR, "rfi/1.md", 1, "no <!--millis--> line"),
                        new Finding("html-malformed", Severity.ERROR, "bbc/3.md", 5, "glued attribute <imgsrc= \u0000"),
                        new Finding("slug-title-mismatch", Severity.WARNING, "bbc/3.md", 2, "slug says =cmd|' /C calc'!A0")),
                done("check", T1, 3));
        store.completeLinks(second.id(), List.of(
                link(DEAD, "broken", 404, true, 4, T0.minus(Duration.ofDays(10)), T0.minus(Duration.ofDays(9)),
                        List.of(Citation.of("rfi/1.md", Role.SOURCE))),
                link(DYING, "broken", 404, false, 1, T0, T0, List.of(Citation.of("voa/2.md", Role.SOURCE),
                        Citation.of("bbc/3.md", Role.LINK))),
                link(HEALED, "ok", 200, false, 0, T0, T1, List.of(Citation.of("voa/2.md", Role.LINK))),
                link(HOSTILE_URL, "broken", 404, false, 1, T1, null, List.of(Citation.of("rfi/1.md", Role.IMAGE))),
                link("javascript:alert(4)", "unreachable", null, false, 1, T1, null,
                        List.of(Citation.of("bbc/3.md", Role.LINK))),
                link("https://www.rfi.fr/cn/bad host", "invalid", null, false, 0, T1, null,
                        List.of(Citation.of("bbc/3.md", Role.LINK))),
                link("http://10.0.0.1/intranet", "private-address", null, false, 0, T1, null,
                        List.of(Citation.of("bbc/3.md", Role.IMAGE))),
                link("whatsapp://send?text=x", "unsupported", null, false, 0, T1, null,
                        List.of(Citation.of("rfi/1.md", Role.SHARE)))),
                done("links", T1, 8));
        store.completeProblems(second.id(), List.of(), done("verify", T1, 0));
        return this;
    }

    Report report() throws IOException {
        return ReportBuilder.build(store, second, Optional.of(T1.plusSeconds(90)));
    }
}
