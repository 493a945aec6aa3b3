package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;

/** The {@code run_link.citations} column: the JSON older databases hold still loads, and is still what is written. */
class RunLinkCitationsTest {
    private static final Instant T = Instant.parse("2026-11-26T02:00:00Z");
    private static final String URL = "https://www.rfi.fr/a";

    @TempDir
    Path dir;

    private static RunLink link(List<Citation> citations) {
        return new RunLink(URL, LinkStatus.BROKEN, Optional.of(404), Optional.of(URL), List.of(), Optional.of("404"),
                Optional.of(T), Optional.empty(), 1, false, false, true, citations);
    }

    private static RunStage links() {
        return new RunStage(Stage.LINKS, RunStage.State.DONE, T, T.plusSeconds(2), 1, "ok", "{}");
    }

    private static String storedCitations(Database db, String runId) throws SQLException {
        try (PreparedStatement p = db.connection().prepareStatement("SELECT citations FROM run_link WHERE run_id = ?")) {
            p.setString(1, runId);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }

    /** Writes a run whose one link row is then replaced, by SQL, by a row with {@code citations} as given. */
    private String runWithRowAsWritten(Path file, String citations) throws IOException, SQLException {
        try (Database db = Database.open(file)) {
            RunStore s = new RunStore(db);
            Run run = s.begin("corpus", "{}", T);
            s.completeLinks(run.id(), List.of(link(List.of(Citation.of("x.md", Role.LINK)))), links());
            try (Statement st = db.connection().createStatement()) {
                st.executeUpdate("DELETE FROM run_link");
            }
            try (PreparedStatement p = db.connection().prepareStatement("INSERT INTO run_link (run_id, url, host, status,"
                    + " code, final_url, redirects, error, first_seen, last_ok, consecutive_failures, confirmed,"
                    + " from_history, is_new, citations) VALUES (?, ?, 'www.rfi.fr', 'broken', 404, ?, '[]', '404', ?,"
                    + " NULL, 1, 0, 0, 1, ?)")) {
                p.setString(1, run.id());
                p.setString(2, URL);
                p.setString(3, URL);
                p.setLong(4, T.toEpochMilli());
                p.setString(5, citations);
                p.executeUpdate();
            }
            return run.id();
        }
    }

    @Test
    void citationsStoredAsPathAndRoleByAnOlderDatabaseLoadAsCitations() throws IOException, SQLException {
        Path file = dir.resolve("links.sqlite");
        String id = runWithRowAsWritten(file,
                "[{\"path\":\"rfi/1.md\",\"role\":\"source\"},{\"path\":\"voa/2.md\",\"role\":\"share\"}]");

        try (Database db = Database.open(file)) {
            List<RunLink> loaded = new RunStore(db).links(id);
            assertThat(loaded).singleElement().satisfies(l -> {
                assertThat(l.url()).isEqualTo(URL);
                assertThat(l.citations()).containsExactly(Citation.of("rfi/1.md", Role.SOURCE),
                        Citation.of("voa/2.md", Role.SHARE));
            });
        }
    }

    @Test
    void aCitationWithoutLineOrShareIsStoredInTheOldJsonForm() throws IOException, SQLException {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run run = s.begin("corpus", "{}", T);
            s.completeLinks(run.id(), List.of(link(List.of(Citation.of("rfi/1.md", Role.SOURCE),
                    Citation.of("voa/2.md", Role.IMAGE)))), links());

            assertThat(storedCitations(db, run.id()))
                    .isEqualTo("[{\"path\":\"rfi/1.md\",\"role\":\"source\"},{\"path\":\"voa/2.md\",\"role\":\"image\"}]");
        }
    }

    @Test
    void aCitationsLineAndShareDetailsAreKeptWhenARunHasThem() throws IOException {
        Citation share = new Citation("rfi/1.md", Role.SHARE, 12, Optional.of("https://twitter.com/share?url=" + URL),
                Optional.of("https://www.rfi.fr/source"));
        Citation plain = Citation.of("voa/2.md", Role.LINK, 3);
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run run = s.begin("corpus", "{}", T);
            s.completeLinks(run.id(), List.of(link(List.of(share, plain))), links());

            assertThat(s.links(run.id())).singleElement().extracting(RunLink::citations).isEqualTo(List.of(share, plain));
        }
    }

    @Test
    void aStoredCitationWithAnUnknownRoleIsAClearErrorNotAGuess() throws IOException, SQLException {
        Path file = dir.resolve("links.sqlite");
        String id = runWithRowAsWritten(file, "[{\"path\":\"rfi/1.md\",\"role\":\"footnote\"}]");

        try (Database db = Database.open(file)) {
            RunStore s = new RunStore(db);
            assertThatThrownBy(() -> s.links(id)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot read the links of run " + id).hasMessageContaining("footnote");
        }
    }

    @Test
    void aReaderAskingForTheFailingUrlsDetailsGetsEveryVerdictAndTheCitationsOfTheFailingOnly() throws IOException {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore s = new RunStore(db);
            Run run = s.begin("corpus", "{}", T);
            RunLink alive = new RunLink("https://www.rfi.fr/alive", LinkStatus.OK, Optional.of(200), Optional.empty(),
                    List.of(), Optional.empty(), Optional.of(T), Optional.of(T), 0, false, false, true,
                    List.of(Citation.of("y.md", Role.LINK)));
            s.completeLinks(run.id(), List.of(link(List.of(Citation.of("x.md", Role.SOURCE))), alive), links());

            List<RunLink> lean = s.links(run.id(), st -> st.isFailure());
            assertThat(lean).extracting(RunLink::url).containsExactly(URL, "https://www.rfi.fr/alive");
            assertThat(lean.get(0).citations()).extracting(Citation::path).containsExactly("x.md");
            assertThat(lean.get(1).status()).isEqualTo(LinkStatus.OK);
            assertThat(lean.get(1).citations()).isEmpty();
            assertThat(s.links(run.id()).get(1).citations()).extracting(Citation::path).containsExactly("y.md");
        }
    }
}
