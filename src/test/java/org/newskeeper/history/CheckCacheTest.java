package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.Fixtures;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.rules.Validator;

class CheckCacheTest {
    @TempDir
    Path work;

    private static String article(long millis, String title, String url, String body) {
        return "<!--" + millis + "-->\n[" + title + "](" + url + ")\n------\n\n" + body + "\n";
    }

    private Path corpus() throws IOException {
        Path dir = Files.createDirectories(work.resolve("corpus/rfi"));
        for (int i = 0; i < 4; i++) {
            Files.writeString(dir.resolve("100000" + i + ".md"), article(1_690_379_102_000L + i,
                    "Titre " + i, "https://www.rfi.fr/fr/article-" + (i == 3 ? 0 : i),
                    "<p>Texte " + i + " <a href=\"https://example.org/p" + i + "\">lien</a></p>"), StandardCharsets.UTF_8);
        }
        return work.resolve("corpus");
    }

    private List<CheckedArticle> check(Path corpus, RuleSettings rules, boolean cached) throws IOException {
        Validator v = new Validator(rules, CorpusSettings.defaults(), 2);
        try (Database db = Database.open(work.resolve("db.sqlite"))) {
            if (cached) {
                v = v.withCache(new CheckCache(db, corpus.toString()));
            }
            try (Stream<CheckedArticle> s = v.validate(corpus)) {
                return s.toList();
            }
        }
    }

    /** Same length, other bytes, the old modification time: only reading the file would tell. */
    private static void rewriteKeepingSizeAndTime(Path file, String from, String to) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, Files.readString(file).replace(from, to));
        Files.setLastModifiedTime(file, mtime);
    }

    @Test
    void aFileWithItsCheckedSizeAndModificationTimeReusesItsStoredResultWithoutBeingParsed() throws IOException {
        Path corpus = corpus();
        List<CheckedArticle> first = check(corpus, RuleSettings.defaults(), true);
        assertThat(first).isEqualTo(check(corpus, RuleSettings.defaults(), false));

        rewriteKeepingSizeAndTime(corpus.resolve("rfi/1000001.md"), "Titre 1", "Tetri 1");
        List<CheckedArticle> again = check(corpus, RuleSettings.defaults(), true);
        assertThat(again).as("the stored result, not a new parse").isEqualTo(first);
        assertThat(again.get(1).article().title()).contains("Titre 1");

        // a new modification time makes it read: the digest differs, so it is checked again
        Files.setLastModifiedTime(corpus.resolve("rfi/1000001.md"), FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        assertThat(check(corpus, RuleSettings.defaults(), true).get(1).article().title()).contains("Tetri 1");
    }

    @Test
    void aTouchedFileWithTheSameBytesIsFoundUnchangedByItsDigestAndRestamped() throws IOException {
        Path corpus = corpus();
        List<CheckedArticle> first = check(corpus, RuleSettings.defaults(), true);
        Path file = corpus.resolve("rfi/1000002.md");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        assertThat(check(corpus, RuleSettings.defaults(), true)).isEqualTo(first);

        try (Database db = Database.open(work.resolve("db.sqlite"))) {
            assertThat(new CheckCache(db, corpus.toString()).find("rfi/1000002.md").orElseThrow().stamp().mtimeMillis())
                    .isEqualTo(Files.getLastModifiedTime(file).toMillis());
        }
    }

    @Test
    void otherRulesOrSeveritiesDoNotReuseResultsCheckedUnderTheOldOnes() throws IOException {
        Path corpus = corpus();
        check(corpus, RuleSettings.defaults(), true);
        rewriteKeepingSizeAndTime(corpus.resolve("rfi/1000001.md"), "Titre 1", "Tetri 1");

        RuleSettings other = new RuleSettings(java.util.Map.of(), Set.of("image-missing"));
        List<CheckedArticle> checked = check(corpus, other, true);
        assertThat(checked.get(1).article().title()).contains("Tetri 1");
        assertThat(checked).isEqualTo(check(corpus, other, false));
    }

    @Test
    void duplicateSourcesAreStillFoundBetweenStoredAndFreshlyCheckedFiles() throws IOException {
        Path corpus = corpus();
        List<CheckedArticle> first = check(corpus, RuleSettings.defaults(), true);
        assertThat(first.get(3).findings()).extracting(Finding::rule).contains("duplicate-source");

        // the later file changes (a new parse), the earlier one comes from the store
        Files.writeString(corpus.resolve("rfi/1000003.md"), "<p>more</p>\n", java.nio.file.StandardOpenOption.APPEND);
        List<CheckedArticle> second = check(corpus, RuleSettings.defaults(), true);
        assertThat(second.get(3).findings()).extracting(Finding::rule).contains("duplicate-source");
        // and the other way round: both from the store
        List<CheckedArticle> third = check(corpus, RuleSettings.defaults(), true);
        assertThat(third).isEqualTo(second).isEqualTo(check(corpus, RuleSettings.defaults(), false));
    }

    @Test
    void storedResultsEqualFreshOnesOnTheSharedCorpus() throws IOException {
        Optional<Path> shared = Fixtures.sharedCorpus();
        if (shared.isEmpty()) {
            System.err.println("CheckCacheTest.storedResultsEqualFreshOnesOnTheSharedCorpus skipped: shared corpus absent");
        }
        assumeTrue(shared.isPresent(), "shared corpus absent (property newskeeper.sharedCorpus): test skipped");
        Path corpus = shared.get();
        List<CheckedArticle> fresh = check(corpus, RuleSettings.defaults(), false);
        List<CheckedArticle> stored = check(corpus, RuleSettings.defaults(), true);
        List<CheckedArticle> reused = check(corpus, RuleSettings.defaults(), true);
        assertThat(stored).isEqualTo(fresh);
        assertThat(reused).hasSameSizeAs(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            assertThat(reused.get(i)).as(fresh.get(i).article().path()).isEqualTo(fresh.get(i));
        }
    }
}
