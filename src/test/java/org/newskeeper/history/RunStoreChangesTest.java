package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

/** Per-run link detail stored as what changed, read back as the full set (issue 13 item 5). */
class RunStoreChangesTest {
    private static final Instant T = Instant.parse("2026-11-26T02:00:00Z");

    @TempDir
    Path dir;

    private static RunStage links(Instant at) {
        return new RunStage(Stage.LINKS, RunStage.State.DONE, at, at.plusSeconds(2), 1, "ok", "{}");
    }

    private static RunLink alive(String url, Instant lastOk, boolean fromHistory, boolean isNew) {
        return new RunLink(url, LinkStatus.OK, Optional.of(200), Optional.empty(), List.of(), Optional.empty(), Optional.of(T),
                Optional.of(lastOk), 0, false, fromHistory, isNew, List.of(Citation.of("a/" + url.length() + ".md", Role.LINK)));
    }

    private static RunLink broken(String url, int failures, boolean isNew) {
        return new RunLink(url, LinkStatus.BROKEN, Optional.of(404), Optional.empty(), List.of(), Optional.of("gone"),
                Optional.of(T), Optional.empty(), failures, failures >= 3, false, isNew,
                List.of(Citation.of("b.md", Role.IMAGE)));
    }

    private static int rows(Database db, String table, String runId) throws SQLException {
        try (PreparedStatement p = db.connection().prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE run_id = ?")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Night n: 200 alive URLs (from the history but for a seventh rechecked), 5 broken, one URL swapped every night. */
    private static List<RunLink> night(int n, Instant at) {
        List<RunLink> list = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean rechecked = (i % 7) == (n % 7);
            list.add(alive("https://a.example/" + i, rechecked ? at : T, !rechecked, n == 1));
        }
        for (int i = 0; i < 5; i++) {
            list.add(broken("https://b.example/" + i, n, n == 1));
        }
        list.add(alive("https://c.example/night-" + n, at, false, true));
        list.sort(java.util.Comparator.comparing(RunLink::url));
        return list;
    }

    @Test
    void anUnchangedNightStoresItsFailingAndChangedLinksOnlyAndReadsBackTheFullSet() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run one = s.begin("corpus", "{}", T);
            List<RunLink> first = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                first.add(alive("https://a.example/" + i, T, false, true));
            }
            first.add(broken("https://b.example/0", 1, true));
            s.completeLinks(one.id(), first, links(T));
            s.finish(one.id(), T, 0);

            Instant t2 = T.plus(Duration.ofDays(1));
            Run two = s.begin("corpus", "{}", t2);
            List<RunLink> second = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                second.add(alive("https://a.example/" + i, T, true, false)); // from the history, unchanged
            }
            second.add(broken("https://b.example/0", 2, false));
            s.completeLinks(two.id(), second, links(t2));

            assertThat(rows(db, "run_link", one.id())).isEqualTo(201);
            assertThat(rows(db, "run_link", two.id())).as("the failing one failed once more: no row of its own").isZero();
            assertThat(rows(db, "run_link_repeat", two.id())).as("its count in the run's list of repeats").isEqualTo(1);
            assertThat(s.links(two.id())).containsExactlyElementsOf(sorted(second));
            assertThat(s.links(one.id())).containsExactlyElementsOf(sorted(first));
        }
    }

    @Test
    void aUrlNoLongerCitedIsGoneAndOneThatChangesIsStoredAgain() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run one = s.begin("corpus", "{}", T);
            s.completeLinks(one.id(), List.of(alive("https://a/1", T, false, true), alive("https://a/2", T, false, true)), links(T));
            Instant t2 = T.plus(Duration.ofDays(1));
            Run two = s.begin("corpus", "{}", t2);
            RunLink fixed = alive("https://a/1", t2, false, false);
            RunLink moved = new RunLink("https://a/1", LinkStatus.REDIRECTED, Optional.of(200), Optional.of("https://a/1b"),
                    List.of(new Redirect("https://a/1", 301)), Optional.empty(), Optional.of(T), Optional.of(t2), 0,
                    false, false, false, fixed.citations());
            s.completeLinks(two.id(), List.of(moved), links(t2));
            assertThat(s.links(two.id())).containsExactly(moved);
            assertThat(rows(db, "run_link_gone", two.id())).isEqualTo(1);
        }
    }

    @Test
    void everyKeptRunReadsTheSameAfterOlderRunsArePruned() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Map<String, List<RunLink>> written = new HashMap<>();
            List<Run> runs = new ArrayList<>();
            for (int n = 1; n <= 12; n++) {
                Instant at = T.plus(Duration.ofDays(n));
                Run r = s.begin("corpus", "{}", at);
                List<RunLink> night = night(n, at);
                s.completeLinks(r.id(), night, links(at));
                s.finish(r.id(), at, 0);
                written.put(r.id(), night);
                runs.add(r);
            }
            Map<String, List<RunLink>> before = new HashMap<>();
            for (Run r : runs) {
                before.put(r.id(), s.links(r.id()));
            }
            assertThat(s.prune(4)).isEqualTo(8);
            for (Run r : runs.subList(8, 12)) {
                assertThat(s.links(r.id())).as(r.id()).containsExactlyElementsOf(before.get(r.id()));
            }
            for (Run r : runs.subList(0, 8)) {
                assertThat(s.links(r.id())).isEmpty();
            }
            Run last = runs.get(11);
            // What reports read (status, failures, confirmation, is_new, citations) is what was written.
            assertThat(s.links(last.id())).extracting(RunLink::url, RunLink::status, RunLink::consecutiveFailures,
                    RunLink::confirmed, RunLink::isNew, RunLink::citations)
                    .containsExactlyElementsOf(written.get(last.id()).stream().map(l -> org.assertj.core.groups.Tuple.tuple(
                            l.url(), l.status(), l.consecutiveFailures(), l.confirmed(), l.isNew(), l.citations())).toList());
        }
    }

    @Test
    void aDatabaseWrittenBeforeChangesWereStoredOpensAndItsRunsReadAsBefore() throws Exception {
        Path file = dir.resolve("old.sqlite");
        try (Database db = Database.open(file); Statement st = db.connection().createStatement()) {
            st.execute("CREATE TABLE run (id TEXT PRIMARY KEY, started INTEGER NOT NULL, finished INTEGER,"
                    + " corpus TEXT NOT NULL, settings TEXT NOT NULL, exit_code INTEGER, pruned INTEGER NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE run_link (run_id TEXT NOT NULL REFERENCES run(id), url TEXT NOT NULL,"
                    + " host TEXT NOT NULL, status TEXT NOT NULL, code INTEGER, final_url TEXT, redirects TEXT NOT NULL,"
                    + " error TEXT, first_seen INTEGER, last_ok INTEGER, consecutive_failures INTEGER NOT NULL,"
                    + " confirmed INTEGER NOT NULL, from_history INTEGER NOT NULL, is_new INTEGER NOT NULL,"
                    + " citations TEXT NOT NULL, PRIMARY KEY (run_id, url))");
            st.execute("INSERT INTO run VALUES ('20261126T020000Z', " + T.toEpochMilli() + ", " + T.toEpochMilli()
                    + ", 'corpus', '{}', 0, 0)");
            st.execute("INSERT INTO run_link VALUES ('20261126T020000Z', 'https://a/1', 'a', 'ok', 200, NULL, '[]', NULL, "
                    + T.toEpochMilli() + ", " + T.toEpochMilli() + ", 0, 0, 0, 1, '[{\"path\":\"x.md\",\"role\":\"link\"}]')");
        }
        try (Database db = Database.open(file)) {
            RunStore s = new RunStore(db);
            RunLink old = new RunLink("https://a/1", LinkStatus.OK, Optional.of(200), Optional.empty(), List.of(), Optional.empty(),
                    Optional.of(T), Optional.of(T), 0, false, false, true, List.of(Citation.of("x.md", Role.LINK)));
            assertThat(s.links("20261126T020000Z")).containsExactly(old);
            Instant t2 = T.plus(Duration.ofDays(1));
            Run two = s.begin("corpus", "{}", t2);
            RunLink again = new RunLink("https://a/1", LinkStatus.OK, Optional.of(200), Optional.empty(), List.of(), Optional.empty(),
                    Optional.of(T), Optional.of(T), 0, false, true, false, old.citations());
            s.completeLinks(two.id(), List.of(again), links(t2));
            assertThat(rows(db, "run_link", two.id())).isZero();
            assertThat(s.links(two.id())).containsExactly(again);
        }
    }

    private static List<RunLink> sorted(List<RunLink> l) {
        return l.stream().sorted(java.util.Comparator.comparing(RunLink::url)).toList();
    }

    private static RunArticle article(int i, int errors) {
        return new RunArticle("rfi/" + i + ".md", "rfi", "canonical", Optional.of("t" + i), Optional.of("https://rfi/" + i),
                Optional.of(T), errors, i % 3);
    }

    @Test
    void articlesAreStoredAsChangesWithThoseInErrorAndReadBackInFullAfterPruning() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Map<String, List<RunArticle>> before = new HashMap<>();
            List<Run> runs = new ArrayList<>();
            for (int n = 1; n <= 6; n++) {
                Instant at = T.plus(Duration.ofDays(n));
                Run r = s.begin("corpus", "{}", at);
                List<RunArticle> night = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    if (i == 50 && n == 3) {
                        continue; // removed on night 3 only
                    }
                    night.add(article(i, i < 2 ? 1 : 0));
                }
                night.add(article(1000 + n, 0)); // one new article a night
                night.sort(java.util.Comparator.comparing(RunArticle::path));
                s.completeCheck(r.id(), night, List.of(), new RunStage(Stage.CHECK, RunStage.State.DONE, at, at, 1, "ok", "{}"));
                s.finish(r.id(), at, 0);
                assertThat(s.articles(r.id())).containsExactlyElementsOf(night);
                before.put(r.id(), night);
                runs.add(r);
            }
            assertThat(rows(db, "run_article", runs.get(0).id())).isEqualTo(101);
            assertThat(rows(db, "run_article", runs.get(1).id())).as("2 in error, 1 new").isEqualTo(3);
            assertThat(rows(db, "run_article", runs.get(3).id())).as("2 in error, 1 new, 1 back").isEqualTo(4);
            s.prune(2);
            for (Run r : runs.subList(4, 6)) {
                assertThat(s.articles(r.id())).containsExactlyElementsOf(before.get(r.id()));
            }
        }
    }

    @Test
    void aUrlFailingInTheSameArticlesStoresItsCitationsOnceAndEveryRunReadsThemBackAlsoAfterPruning() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            List<Run> runs = new ArrayList<>();
            Map<String, List<RunLink>> written = new HashMap<>();
            for (int n = 1; n <= 5; n++) {
                Instant at = T.plus(Duration.ofDays(n));
                Run r = s.begin("corpus", "{}", at);
                List<RunLink> night = night(n, at);
                if (n == 4) {
                    // one failing URL gains a citation on night 4: stored in full again, then referenced
                    night.replaceAll(l -> l.url().equals("https://b.example/0") ? withCitations(l,
                            List.of(Citation.of("b.md", Role.IMAGE), Citation.of("c.md", Role.LINK))) : l);
                }
                if (n == 5) {
                    night.replaceAll(l -> l.url().equals("https://b.example/0") ? withCitations(l,
                            List.of(Citation.of("b.md", Role.IMAGE), Citation.of("c.md", Role.LINK))) : l);
                }
                s.completeLinks(r.id(), night, links(at));
                s.finish(r.id(), at, 1);
                written.put(r.id(), night);
                runs.add(r);
            }
            // nights 2 to 5: the 5 failing URLs failed once more with the same citations: no row of their own,
            // but on night 4, where one gained a citation and is stored in full
            assertThat(rows(db, "run_link", runs.get(1).id())).as("the night's new URL").isEqualTo(1);
            assertThat(rows(db, "run_link", runs.get(3).id())).isEqualTo(2);
            assertThat(asInBase(db, runs.get(3).id())).isZero();
            assertThat(rows(db, "run_link", runs.get(4).id())).isEqualTo(1);
            for (Run r : runs) {
                assertThat(s.links(r.id())).as(r.id()).extracting(RunLink::url, RunLink::status, RunLink::citations)
                        .containsExactlyElementsOf(written.get(r.id()).stream().map(l -> org.assertj.core.groups.Tuple.tuple(
                                l.url(), l.status(), l.citations())).toList());
            }
            Map<String, List<RunLink>> before = new HashMap<>();
            for (Run r : runs) {
                before.put(r.id(), s.links(r.id()));
            }
            // the runs holding the citations go: the kept runs read the same (reports of older runs render)
            assertThat(s.prune(2)).isEqualTo(3);
            for (Run r : runs.subList(3, 5)) {
                assertThat(s.links(r.id())).as(r.id()).containsExactlyElementsOf(before.get(r.id()));
            }
            assertThat(s.prune(1)).isEqualTo(1);
            assertThat(s.links(runs.get(4).id())).containsExactlyElementsOf(before.get(runs.get(4).id()));
        }
    }

    @Test
    void theVerdictsOfARunAreThoseItsLinksSayWithoutReadingCitations() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run last = null;
            for (int n = 1; n <= 3; n++) {
                Instant at = T.plus(Duration.ofDays(n));
                last = s.begin("corpus", "{}", at);
                s.completeLinks(last.id(), night(n, at), links(at));
                s.finish(last.id(), at, 1);
            }
            assertThat(s.linkVerdicts(last.id())).containsExactlyInAnyOrderElementsOf(s.links(last.id()).stream()
                    .map(l -> new RunStore.LinkVerdict(l.url(), l.status(), l.code(), l.finalUrl())).toList());
            assertThat(s.linkVerdicts(last.id())).hasSize(206);
        }
    }

    private static RunLink withCitations(RunLink l, List<Citation> citations) {
        return new RunLink(l.url(), l.status(), l.code(), l.finalUrl(), l.redirects(), l.error(), l.firstSeen(), l.lastOk(),
                l.consecutiveFailures(), l.confirmed(), l.fromHistory(), l.isNew(), citations);
    }

    private static int asInBase(Database db, String runId) throws SQLException {
        try (PreparedStatement p = db.connection().prepareStatement(
                "SELECT COUNT(*) FROM run_link WHERE run_id = ? AND citations = ''")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
