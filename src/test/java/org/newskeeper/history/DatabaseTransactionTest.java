package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTransactionTest {
    @TempDir
    Path dir;

    private static long count(Database db, String table) throws SQLException {
        try (PreparedStatement p = db.connection().prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aRuntimeExceptionInTheMiddleOfRecordingAWarcFileLeavesNothingOfItsIndex() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            ArchiveIndex index = new ArchiveIndex(db);
            ArchiveIndex.FileEntry file = new ArchiveIndex.FileEntry("news-1.warc.gz", "news", 1000, "o", "c");
            ArchiveIndex.ArticleEntry first = new ArchiveIndex.ArticleEntry("rfi/1.md", "sha1:A", "<urn:1>", "d",
                    "news-1.warc.gz", 0);
            // The second article blows up while the first is already bound into the batch.
            List<ArchiveIndex.ArticleEntry> articles = new AbstractList<>() {
                @Override
                public ArchiveIndex.ArticleEntry get(int i) {
                    if (i == 1) {
                        throw new IllegalStateException("boom in the middle");
                    }
                    return first;
                }

                @Override
                public int size() {
                    return 2;
                }
            };

            assertThatThrownBy(() -> index.commitFile(file, articles, List.of()))
                    .isInstanceOf(IllegalStateException.class).hasMessage("boom in the middle");

            assertThat(index.hasFile("news-1.warc.gz")).isFalse();
            assertThat(count(db, "archive_files")).isZero();
            assertThat(count(db, "archive_articles")).isZero();
            assertThat(db.connection().getAutoCommit()).isTrue();

            index.commitFile(file, List.of(first), List.of());
            assertThat(index.hasFile("news-1.warc.gz")).isTrue();
            assertThat(index.latestArticles("news")).containsOnlyKeys("rfi/1.md");
        }
    }

    @Test
    void aTransactionRollsBackOnAnyExceptionAndRestoresAutoCommit() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            db.connection().createStatement().execute("CREATE TABLE t (x INTEGER)");
            for (Exception thrown : List.of(new SQLException("sql"), new IOException("io"), new RuntimeException("rt"))) {
                assertThatThrownBy(() -> db.transaction(c -> {
                    c.createStatement().execute("INSERT INTO t VALUES (1)");
                    if (thrown instanceof SQLException s) {
                        throw s;
                    }
                    if (thrown instanceof IOException i) {
                        throw i;
                    }
                    throw (RuntimeException) thrown;
                })).isSameAs(thrown);
                assertThat(count(db, "t")).as("after " + thrown).isZero();
                assertThat(db.connection().getAutoCommit()).isTrue();
            }
            db.transaction(c -> c.createStatement().execute("INSERT INTO t VALUES (2)"));
            assertThat(count(db, "t")).isEqualTo(1);
        }
    }

    @Test
    void aTransactionInsideAnotherJoinsItAndFallsWithIt() throws Exception {
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            db.connection().createStatement().execute("CREATE TABLE t (x INTEGER)");
            assertThatThrownBy(() -> db.transaction(c -> {
                db.transaction(inner -> inner.createStatement().execute("INSERT INTO t VALUES (1)"));
                throw new IllegalStateException("outer fails after the inner work");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(count(db, "t")).isZero();
        }
    }
}
