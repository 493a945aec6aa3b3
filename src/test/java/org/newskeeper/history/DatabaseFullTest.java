package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.links.Role;

/** A full disk under the checks folder is reported as such, not as the failed commit that follows it. */
class DatabaseFullTest {
    private static final Instant T = Instant.parse("2026-11-26T02:00:00Z");

    @TempDir
    Path dir;

    private static RunStage stage(String name) {
        return new RunStage(Stage.fromId(name).orElseThrow(), RunStage.State.DONE, T, T.plusSeconds(2), 1, "ok", "{}");
    }

    private static List<RunLink> manyLinks() {
        List<RunLink> links = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String url = "https://www.rfi.fr/cn/" + i + "/" + "x".repeat(200);
            links.add(new RunLink(url, org.newskeeper.linkstate.LinkStatus.BROKEN, Optional.of(404), Optional.empty(), List.of(), Optional.of("gone"),
                    Optional.of(T), Optional.empty(), 1, false, true, false,
                    List.of(Citation.of("rfi/" + i + ".md", Role.SOURCE))));
        }
        return links;
    }

    /** SQLite refuses to grow the file past this many pages with SQLITE_FULL, as a full file system makes it. */
    private static void fillAt(Database db, long pages) throws SQLException {
        try (Statement s = db.connection().createStatement()) {
            s.execute("PRAGMA max_page_count = " + pages);
        }
    }

    private static long pageCount(Database db) throws SQLException {
        try (Statement s = db.connection().createStatement(); var r = s.executeQuery("PRAGMA page_count")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aFullDiskWhileSavingAStageSaysNoSpaceLeftOnDeviceNotThatNoTransactionIsActive() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Run run = store.begin("corpus", "{}", T);
            fillAt(db, pageCount(db) + 2);

            assertThatThrownBy(() -> store.completeLinks(run.id(), manyLinks(), stage("links")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("links.sqlite")
                    .hasMessageContaining("cannot save the link results of run " + run.id())
                    .hasMessageContaining("No space left on device")
                    .hasMessageNotContaining("no transaction is active");

            // nothing half-written, and the connection is usable again once there is room
            fillAt(db, 1_000_000);
            assertThat(store.links(run.id())).isEmpty();
            store.completeLinks(run.id(), manyLinks().subList(0, 3), stage("links"));
            assertThat(store.links(run.id())).hasSize(3);
        }
    }

    @Test
    void aFullDiskWhileRecordingObservationsSaysNoSpaceLeftOnDevice() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Run run = store.begin("corpus", "{}", T);
            fillAt(db, pageCount(db) + 2);
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> store.completeCheck(run.id(), List.of(), List.of(), stage("check")));
            // a small stage may still fit: then the big one below does not
            if (thrown == null) {
                thrown = org.assertj.core.api.Assertions.catchThrowable(
                        () -> store.completeLinks(run.id(), manyLinks(), stage("links")));
            }
            assertThat(thrown).isNotNull();
            Throwable reported = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
            assertThat(reported.getMessage()).contains("No space left on device").doesNotContain("no transaction is active");
        }
    }

    @Test
    void theReasonOfAnErrorChainIsTheFullDiskBehindTheFailedRollbackAndCommit() {
        SQLException full = new SQLException(
                "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)", null, 13);
        full.addSuppressed(new SQLException("[SQLITE_ERROR] SQL error or missing database"
                + " (cannot rollback - no transaction is active)", null, 1));
        full.addSuppressed(new SQLException("[SQLITE_ERROR] SQL error or missing database"
                + " (cannot commit - no transaction is active)", null, 1));
        assertThat(Database.reason(full)).startsWith("No space left on device");
        assertThat(Database.reason(new IOException("cannot save", full))).startsWith("No space left on device");

        // the masked form the issue saw: a commit error whose cause is the full disk
        SQLException masked = new SQLException("cannot commit - no transaction is active", null, 1);
        masked.initCause(full);
        assertThat(Database.reason(masked)).startsWith("No space left on device");

        SQLException other = new SQLException("[SQLITE_CONSTRAINT] UNIQUE constraint failed: run.id", null, 19);
        assertThat(Database.reason(other)).isEqualTo(other.getMessage());
    }

    @Test
    void aFailedRollbackIsKeptBesideTheFailureNotInItsPlace() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            db.connection().setAutoCommit(true); // no transaction: rolling back fails
            SQLException failure = new SQLException("the real cause", null, 13);
            Database.rollback(db.connection(), failure);
            assertThat(failure.getSuppressed()).isNotEmpty();
            Database.restoreAutoCommit(db.connection(), true, failure);
            assertThat(db.connection().getAutoCommit()).isTrue();
        }
    }
}
