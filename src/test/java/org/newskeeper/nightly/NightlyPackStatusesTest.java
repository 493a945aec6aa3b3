package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.history.Stage;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.warc.KnownLink;
import org.newskeeper.warc.KnownLinks;

class NightlyPackStatusesTest {
    private static final Instant T = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void packTakesTheRunsVerdictsAsTheyStandWhenAnArticleFirstNeedsOne(@TempDir Path dir) throws IOException {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Run run = store.begin("corpus", "{}", T);
            KnownLinks statuses = Nightly.runStatuses(store, run);
            // the links stage saves after pack's statuses were made: they are read when first asked for
            store.completeLinks(run.id(), List.of(new RunLink("https://a.example/x%2Fy", LinkStatus.BROKEN, Optional.of(404),
                    Optional.empty(), List.of(), Optional.of("HTTP 404"), Optional.of(T), Optional.empty(), 1, false, false,
                    true, List.of(Citation.of("rfi/1.md", Role.SOURCE)))),
                    new RunStage(Stage.LINKS, RunStage.State.DONE, T, T.plusSeconds(1), 1, "1 URL", "{}"));

            Optional<KnownLink> cited = statuses.latest("HTTPS://A.example:443/x%2fy#top");
            assertThat(cited).map(KnownLink::status).contains(LinkStatus.BROKEN);
            assertThat(cited.flatMap(KnownLink::code)).contains(404);
            assertThat(statuses.latest("https://a.example/never-cited")).isEmpty();
        }
    }
}
