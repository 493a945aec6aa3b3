package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.history.CheckCache;
import org.newskeeper.history.Database;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.rules.Validator;

/** The links stage takes an unchanged file's links from what the check stage stored (issue 13 item 2). */
class LinksStageStoredArticlesTest {
    @TempDir
    Path work;

    private Path corpus() throws IOException {
        Path dir = Files.createDirectories(work.resolve("corpus/rfi"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("100000" + i + ".md"), "<!--" + (1_690_379_102_000L + i) + "-->\n[Titre " + i
                    + "](https://www.rfi.fr/fr/article-" + i + ")\n------\n\n<p>Texte <a href=\"https://example.org/p" + i
                    + "\">lien</a> ![](https://s.rfi.fr/i" + i + ".jpg)</p>\n", StandardCharsets.UTF_8);
        }
        return work.resolve("corpus");
    }

    private static void checkWithCache(Database db, Path corpus) throws IOException {
        Validator v = new Validator(RuleSettings.defaults(), CorpusSettings.defaults(), 2).withCache(cache(db, corpus));
        try (Stream<CheckedArticle> s = v.validate(corpus)) {
            s.forEach(c -> { });
        }
    }

    private static CheckCache cache(Database db, Path corpus) throws IOException {
        return new CheckCache(db, corpus.toAbsolutePath().normalize().toString());
    }

    private static List<CorpusFile> files(Path corpus) throws IOException {
        try (Stream<CorpusFile> s = Corpus.files(corpus, CorpusSettings.defaults())) {
            return s.toList();
        }
    }

    @Test
    void anUnchangedFileGivesTheArticleItsParseWouldGiveWithoutBeingRead() throws IOException {
        Path corpus = corpus();
        try (Database db = Database.open(work.resolve("links.sqlite"))) {
            checkWithCache(db, corpus);
            List<CorpusFile> files = files(corpus);
            assertThat(files).hasSize(3);
            for (CorpusFile f : files) {
                assertThat(LinksStage.stored(cache(db, corpus).inPathOrder(), f)).contains(ArticleParser.parse(f));
            }
            // the stored article is used, not the file: a file made unreadable still gives its links
            CorpusFile first = files.get(0);
            FileTime mtime = Files.getLastModifiedTime(first.file());
            String text = Files.readString(first.file());
            Files.writeString(first.file(), text.replace("example.org", "exampleXorg"));
            Files.setLastModifiedTime(first.file(), mtime);
            assertThat(LinksStage.stored(cache(db, corpus).inPathOrder(), first).orElseThrow().links())
                    .anySatisfy(l -> assertThat(l.url()).contains("example.org"));
        }
    }

    @Test
    void aFileChangedSinceItsCheckOrStoredByAnotherVersionIsParsedAgain() throws Exception {
        Path corpus = corpus();
        try (Database db = Database.open(work.resolve("links.sqlite"))) {
            checkWithCache(db, corpus);
            List<CorpusFile> files = files(corpus);
            CorpusFile before = files.get(0);
            Files.writeString(before.file(), Files.readString(before.file()) + "<p>plus</p>\n");
            Files.setLastModifiedTime(before.file(), FileTime.fromMillis(before.listed().orElseThrow().modified() + 2_000));
            CorpusFile changed = files(corpus).get(0);
            assertThat(LinksStage.stored(cache(db, corpus).inPathOrder(), changed)).isEmpty();
            // the night's listing decides: changed after the night listed it, it is next night's change
            assertThat(LinksStage.stored(cache(db, corpus).inPathOrder(), before)).isPresent();
            assertThat(LinksStage.stored(cache(db, corpus).inPathOrder(), files.get(1))).isPresent();
            try (Statement s = db.connection().createStatement()) {
                s.executeUpdate("UPDATE check_results SET result = replace(result, '\"version\":', '\"version\":\"0.0.0-old\",\"was\":')");
            }
            assertThat(LinksStage.stored(cache(db, corpus).inPathOrder(), files.get(1))).isEmpty();
        }
    }

    @Test
    void onePassInPathOrderFindsEveryUnchangedFileAmongThousandsOfRows() throws Exception {
        Path corpus = corpus();
        try (Database db = Database.open(work.resolve("links.sqlite"))) {
            checkWithCache(db, corpus);
            try (Statement s = db.connection().createStatement()) {
                // rows of files no longer in the corpus, sorting before, between and after the three
                s.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2499)"
                        + " INSERT INTO check_results SELECT c.corpus, 'rfi/' || CASE WHEN i % 3 = 0 THEN '0' WHEN i % 3 = 1"
                        + " THEN '1000000' ELSE '2' END || printf('%05d', i) || '.md', c.fingerprint, c.file_size,"
                        + " c.file_mtime, c.digest, c.result FROM n, (SELECT * FROM check_results LIMIT 1) c");
            }
            CheckCache.InPathOrder pass = cache(db, corpus).inPathOrder();
            for (CorpusFile f : files(corpus)) {
                assertThat(LinksStage.stored(pass, f)).contains(ArticleParser.parse(f));
            }
            // asked for out of order: a miss (the file is parsed), never another file's article
            List<CorpusFile> files = files(corpus);
            CheckCache.InPathOrder again = cache(db, corpus).inPathOrder();
            assertThat(LinksStage.stored(again, files.get(2))).contains(ArticleParser.parse(files.get(2)));
            assertThat(LinksStage.stored(again, files.get(0))).isEmpty();
        }
    }
}
