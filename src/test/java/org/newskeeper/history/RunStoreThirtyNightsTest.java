package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.links.Role;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/**
 * Thirty nights with a test clock: what each run reads back from the compacted storage (links with
 * their failures, confirmation, is_new and citations; articles; findings) is what was written, the
 * full copy the reports were built from before, also after older runs are pruned every night
 * (issue 13 item 5).
 */
class RunStoreThirtyNightsTest {
    private static final Instant NIGHT1 = Instant.parse("2026-11-01T02:00:00Z");
    private static final int KEEP = 7;

    @TempDir
    Path dir;

    /** One URL through the nights: its standing, as the checker would report it. */
    private static final class Url {
        final String url;
        Instant firstSeen;
        Optional<Instant> lastOk = Optional.empty();
        int failures;

        Url(String url) {
            this.url = url;
        }
    }

    private static RunLink observe(Url u, int n, Instant at, LinkStatus status, boolean requested, boolean isNew,
            List<Citation> citations) {
        if (u.firstSeen == null) {
            u.firstSeen = at;
        }
        if (requested) {
            if (status.isAlive()) {
                u.lastOk = Optional.of(at);
                u.failures = 0;
            } else {
                u.failures++;
            }
        }
        boolean failing = !status.isAlive();
        return new RunLink(u.url, status, failing ? Optional.of(status == LinkStatus.TIMEOUT ? 0 : 404).filter(c -> c > 0)
                : Optional.of(200), Optional.empty(), List.of(), failing ? Optional.of(status.id()) : Optional.empty(),
                Optional.of(u.firstSeen), u.lastOk, u.failures, u.failures >= 3, !requested, isNew, citations);
    }

    /** Night {@code n}: alive, failing for a while, flapping, rechecked weekly, deferred, gone and back, re-cited. */
    private static List<RunLink> night(int n, Instant at, Map<String, Url> urls) {
        List<RunLink> list = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String key = "https://s" + (i % 4) + ".example/p/" + i;
            boolean isNew = !urls.containsKey(key);
            Url u = urls.computeIfAbsent(key, Url::new);
            List<Citation> cited = List.of(Citation.of("site/" + (i / 3) + ".md", i % 2 == 0 ? Role.LINK : Role.IMAGE));
            switch (i % 10) {
                case 0 -> list.add(observe(u, n, at, n >= 3 && n < 20 ? LinkStatus.BROKEN : LinkStatus.OK, true, isNew, cited));
                case 1 -> list.add(observe(u, n, at, n % 2 == 1 ? LinkStatus.TIMEOUT : LinkStatus.OK, true, isNew, cited));
                case 2 -> list.add(observe(u, n, at, LinkStatus.OK, n == 1 || n % 7 == i % 7, isNew, cited));
                case 3 -> list.add(observe(u, n, at, LinkStatus.BROKEN, n == 1 || n % 4 != 0, isNew, cited));
                case 4 -> {
                    if (n < 10 || n > 12) {
                        list.add(observe(u, n, at, LinkStatus.BROKEN, true, isNew, cited));
                    }
                }
                case 5 -> list.add(observe(u, n, at, LinkStatus.SERVER_ERROR, true, isNew, n < 15 ? cited
                        : List.of(cited.get(0), Citation.of("site/new.md", Role.LINK))));
                default -> list.add(observe(u, n, at, LinkStatus.OK, true, isNew, cited));
            }
        }
        list.add(observe(new Url("https://new.example/" + n), n, at, n % 3 == 0 ? LinkStatus.BROKEN : LinkStatus.OK,
                true, true, List.of(Citation.of("site/" + n + ".md", Role.LINK))));
        list.sort(java.util.Comparator.comparing(RunLink::url));
        return list;
    }

    private static List<Finding> findings(int n) {
        List<Finding> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            list.add(new Finding("title-empty", Severity.ERROR, "site/" + i + ".md", i, "empty title"));
        }
        if (n >= 10 && n < 14) {
            list.add(new Finding("date-invalid", Severity.WARNING, "site/3.md", 2, "night " + (n < 12 ? 10 : 12)));
        }
        return list;
    }

    private static List<RunArticle> articles(int n) {
        List<RunArticle> list = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            list.add(new RunArticle("site/" + i + ".md", "site", "canonical", Optional.of("t" + i + (i == 5 && n > 20 ? "b" : "")),
                    Optional.of("https://site/" + i), Optional.of(NIGHT1), i < 12 ? 1 : 0, 0));
        }
        list.sort(java.util.Comparator.comparing(RunArticle::path));
        return list;
    }

    /**
     * Links as the reports use them: every field of a URL that is not alive; of an alive URL, all but
     * its last success and whether it was requested, which the compact storage does not keep for an
     * alive URL whose verdict did not change (docs/nightly.md) and no report shows.
     */
    private static List<RunLink> reported(List<RunLink> links) {
        return links.stream().map(l -> l.status().isAlive() ? new RunLink(l.url(), l.status(), l.code(), l.finalUrl(),
                l.redirects(), l.error(), l.firstSeen(), Optional.empty(), l.consecutiveFailures(), l.confirmed(), false,
                l.isNew(), l.citations()) : l).toList();
    }

    @Test
    void everyKeptNightReadsWhatWasWrittenOverThirtyNightsWithPruning() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Map<String, Url> urls = new HashMap<>();
            List<Run> runs = new ArrayList<>();
            Map<String, List<RunLink>> links = new HashMap<>();
            Map<String, List<Finding>> findings = new HashMap<>();
            Map<String, List<RunArticle>> articles = new HashMap<>();
            boolean confirmed = false;
            for (int n = 1; n <= 30; n++) {
                Instant at = NIGHT1.plus(Duration.ofDays(n - 1));
                Run r = s.begin("corpus", "{}", at);
                List<RunLink> night = night(n, at, urls);
                confirmed |= night.stream().anyMatch(RunLink::confirmed);
                s.completeCheck(r.id(), articles(n), findings(n), new RunStage(Stage.CHECK, RunStage.State.DONE, at, at, 1, "ok", "{}"));
                s.completeLinks(r.id(), night, new RunStage(Stage.LINKS, RunStage.State.DONE, at, at, night.size(), "ok", "{}"));
                s.finish(r.id(), at.plusSeconds(60), 1);
                runs.add(r);
                links.put(r.id(), night);
                findings.put(r.id(), findings(n));
                articles.put(r.id(), articles(n));
                s.prune(KEEP);
                for (Run kept : runs.subList(Math.max(0, runs.size() - KEEP), runs.size())) {
                    assertThat(reported(s.links(kept.id()))).as("links of " + kept.id() + " after night " + n)
                            .containsExactlyElementsOf(reported(links.get(kept.id())));
                    assertThat(s.findings(kept.id())).as("findings of " + kept.id()).containsExactlyElementsOf(findings.get(kept.id()));
                    assertThat(s.articles(kept.id())).as("articles of " + kept.id()).containsExactlyElementsOf(articles.get(kept.id()));
                }
            }
            assertThat(confirmed).as("some failure was confirmed on the way").isTrue();
            // what is stored: a kept night's failing URLs that only failed once more are no rows of their own
            String last = runs.get(29).id();
            assertThat(LinkHistoryCompactionTest.count(db, "SELECT COUNT(*) FROM run_link WHERE run_id = '" + last + "'")).isLessThan(10);
            assertThat(LinkHistoryCompactionTest.count(db, "SELECT COUNT(*) FROM run_finding WHERE run_id = '" + last + "'"))
                    .as("the same findings as the night before: a reference").isZero();
        }
    }

    @Test
    void aDatabaseFromBeforeRepeatsAndFindingReferencesOpensAndItsRunsRender() throws Exception {
        Path file = dir.resolve("old.sqlite");
        String old = "20261101T020000Z";
        try (Database db = Database.open(file); Statement st = db.connection().createStatement()) {
            // the shape of the run tables when per-run links and articles were stored as changes, findings in full
            st.execute("CREATE TABLE run (id TEXT PRIMARY KEY, started INTEGER NOT NULL, finished INTEGER,"
                    + " corpus TEXT NOT NULL, settings TEXT NOT NULL, exit_code INTEGER, pruned INTEGER NOT NULL DEFAULT 0,"
                    + " links_base TEXT, links_saved INTEGER NOT NULL DEFAULT 0, articles_base TEXT,"
                    + " articles_saved INTEGER NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE run_finding (run_id TEXT NOT NULL REFERENCES run(id), seq INTEGER NOT NULL,"
                    + " path TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL, line INTEGER NOT NULL,"
                    + " message TEXT NOT NULL, PRIMARY KEY (run_id, seq))");
            st.execute("CREATE TABLE run_link (run_id TEXT NOT NULL REFERENCES run(id), url TEXT NOT NULL,"
                    + " host TEXT NOT NULL, status TEXT NOT NULL, code INTEGER, final_url TEXT, redirects TEXT NOT NULL,"
                    + " error TEXT, first_seen INTEGER, last_ok INTEGER, consecutive_failures INTEGER NOT NULL,"
                    + " confirmed INTEGER NOT NULL, from_history INTEGER NOT NULL, is_new INTEGER NOT NULL,"
                    + " citations TEXT NOT NULL, PRIMARY KEY (run_id, url))");
            st.execute("INSERT INTO run VALUES ('" + old + "', " + NIGHT1.toEpochMilli() + ", " + NIGHT1.toEpochMilli()
                    + ", 'corpus', '{}', 1, 0, NULL, 1, NULL, 0)");
            st.execute("INSERT INTO run_finding VALUES ('" + old + "', 0, 'site/0.md', 'title-empty', 'error', 0, 'empty title')");
            st.execute("INSERT INTO run_link VALUES ('" + old + "', 'https://a/1', 'a', 'broken', 404, NULL, '[]', '404', "
                    + NIGHT1.toEpochMilli() + ", NULL, 1, 0, 0, 1, '[{\"path\":\"x.md\",\"role\":\"link\"}]')");
        }
        try (Database db = Database.open(file)) {
            RunStore s = new RunStore(db);
            List<Finding> oldFindings = List.of(new Finding("title-empty", Severity.ERROR, "site/0.md", 0, "empty title"));
            RunLink oldLink = new RunLink("https://a/1", LinkStatus.BROKEN, Optional.of(404), Optional.empty(), List.of(),
                    Optional.of("404"), Optional.of(NIGHT1), Optional.empty(), 1, false, false, true,
                    List.of(Citation.of("x.md", Role.LINK)));
            assertThat(s.findings(old)).containsExactlyElementsOf(oldFindings);
            assertThat(s.links(old)).containsExactly(oldLink);
            // a night on top: the link failed once more, the findings are the same; both read back whole
            Instant t2 = NIGHT1.plus(Duration.ofDays(1));
            Run two = s.begin("corpus", "{}", t2);
            RunLink again = new RunLink("https://a/1", LinkStatus.BROKEN, Optional.of(404), Optional.empty(), List.of(),
                    Optional.of("404"), Optional.of(NIGHT1), Optional.empty(), 2, false, false, false, oldLink.citations());
            s.completeCheck(two.id(), List.of(), oldFindings, new RunStage(Stage.CHECK, RunStage.State.DONE, t2, t2, 0, "ok", "{}"));
            s.completeLinks(two.id(), List.of(again), new RunStage(Stage.LINKS, RunStage.State.DONE, t2, t2, 1, "ok", "{}"));
            s.finish(two.id(), t2, 0);
            assertThat(s.links(two.id())).containsExactly(again);
            assertThat(s.findings(two.id())).containsExactlyElementsOf(oldFindings);
            assertThat(s.prune(1)).isEqualTo(1);
            assertThat(s.links(two.id())).containsExactly(again);
            assertThat(s.findings(two.id())).containsExactlyElementsOf(oldFindings);
        }
    }
}
