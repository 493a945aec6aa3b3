package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

class RunStoreTest {
    private static final Instant T = Instant.parse("2026-11-26T02:00:00Z");

    private static final RunStore.LinkCount REDIRECTED =
            new RunStore.LinkCount(org.newskeeper.linkstate.LinkStatus.REDIRECTED, false);

    @TempDir
    Path dir;

    private static RunStage stage(String name) {
        return new RunStage(Stage.fromId(name).orElseThrow(), RunStage.State.DONE, T, T.plusSeconds(2), 1, "ok", "{\"k\":1}");
    }

    private static RunLink link(String url, List<Citation> citations) {
        return new RunLink(url, org.newskeeper.linkstate.LinkStatus.REDIRECTED, Optional.of(200), Optional.of(url + "/x"),
                List.of(new org.newskeeper.linkstate.Redirect(url, 301)), Optional.empty(), Optional.of(T), Optional.of(T), 0, false, true,
                true, citations);
    }

    @Test
    void aStageSavedAgainReplacesItsEarlierAttemptInsteadOfAddingToIt() throws IOException {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run run = s.begin("corpus", "{}", T);
            RunArticle a = new RunArticle("rfi/1.md", "rfi", "canonical", Optional.of("t"), Optional.empty(),
                    Optional.of(T), 1, 0);
            Finding f = new Finding("title-empty", Severity.ERROR, "rfi/1.md", 2, "empty");
            s.completeCheck(run.id(), List.of(a), List.of(f), stage("check"));
            s.completeCheck(run.id(), List.of(a), List.of(f), stage("check"));
            s.completeLinks(run.id(), List.of(link("https://a/", List.of(Citation.of("rfi/1.md", Role.SOURCE)))), stage("links"));
            s.completeLinks(run.id(), List.of(link("https://a/", List.of(Citation.of("rfi/1.md", Role.SOURCE)))), stage("links"));
            RunProblem p = new RunProblem(Stage.VERIFY, "x.warc.gz", 42, "digest", "bad");
            s.completeProblems(run.id(), List.of(p), stage("verify"));
            s.completeProblems(run.id(), List.of(p), stage("verify"));

            assertThat(s.articles(run.id())).containsExactly(a);
            assertThat(s.findings(run.id())).containsExactly(f);
            assertThat(s.links(run.id())).containsExactly(link("https://a/", List.of(Citation.of("rfi/1.md", Role.SOURCE))));
            assertThat(s.problems(run.id())).containsExactly(p);
            assertThat(s.stages(run.id())).extracting(RunStage::name).containsExactly(Stage.CHECK, Stage.LINKS, Stage.VERIFY);
            assertThat(s.stage(run.id(), Stage.LINKS).orElseThrow().data()).isEqualTo("{\"k\":1}");
        }
    }

    @Test
    void anUnfinishedRunIsFoundAfterReopeningAndPreviousSkipsIt() throws IOException {
        Path file = dir.resolve("links.sqlite");
        String firstId;
        try (Database db = Database.open(file)) {
            RunStore s = new RunStore(db);
            Run first = s.begin("corpus", "{}", T);
            s.finish(first.id(), T.plusSeconds(5), 0);
            firstId = first.id();
            s.begin("corpus", "{\"a\":1}", T.plusSeconds(3600));
        }
        try (Database db = Database.open(file)) {
            RunStore s = new RunStore(db);
            Run open = s.unfinished().orElseThrow();
            assertThat(open.settings()).isEqualTo("{\"a\":1}");
            assertThat(s.previous(open).map(Run::id)).contains(firstId);
            assertThat(s.latestFinished().map(Run::exitCode)).contains(Optional.of(0));
            Run third = s.begin("corpus", "{}", T.plusSeconds(3600));
            assertThat(third.id()).isEqualTo(open.id() + "-2");
        }
    }

    @Test
    void theRunComparedWithIsTheLatestFinishedOneOverTheSameCorpusNeverAnAbandonedOne() throws IOException {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run a = s.begin("/corpus", "{}", T);
            s.finish(a.id(), T.plusSeconds(1), 0);
            Run other = s.begin("/other", "{}", T.plusSeconds(10));
            s.finish(other.id(), T.plusSeconds(11), 0);
            Run abandoned = s.begin("/corpus", "{}", T.plusSeconds(20));
            s.abandon(abandoned.id(), T.plusSeconds(21));
            Run now = s.begin("/corpus", "{}", T.plusSeconds(30));

            assertThat(s.previous(now).map(Run::id)).contains(a.id());
            assertThat(s.unfinished().map(Run::id)).contains(now.id());
            assertThat(s.latestFinished().map(Run::id)).contains(other.id());
            assertThat(s.linkCounts(now, 10).keySet()).extracting(Run::id).containsExactly(a.id(), now.id());
        }
    }

    @Test
    void pruningKeepsTheNewestRunsDetailsAndEveryRunsLinkCounts() throws IOException {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            List<Run> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Run run = s.begin("/corpus", "{}", T.plusSeconds(100L * i));
                s.completeLinks(run.id(), List.of(link("https://a/", List.of()), link("https://b/", List.of())), stage("links"));
                s.finish(run.id(), T.plusSeconds(100L * i + 1), 0);
                runs.add(run);
            }

            assertThat(s.prune(2)).isOne();
            assertThat(s.prune(2)).isZero();

            assertThat(s.pruned(runs.get(0).id())).isTrue();
            assertThat(s.pruned(runs.get(1).id())).isFalse();
            assertThat(s.links(runs.get(0).id())).isEmpty();
            assertThat(s.links(runs.get(2).id())).hasSize(2);
            assertThat(s.stages(runs.get(0).id())).hasSize(1);
            assertThat(s.linkCounts(runs.get(2), 10).values())
                    .containsExactly(java.util.Map.of(REDIRECTED, 2L), java.util.Map.of(REDIRECTED, 2L),
                            java.util.Map.of(REDIRECTED, 2L));
        }
    }
}
