package org.newskeeper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.corpus.CorpusSettings;

/** What every command asks of the corpus it is given before it starts. */
final class CorpusChecks {
    private CorpusChecks() {
    }

    /**
     * Each folder must be readable and hold at least one article: a missing, unreadable or empty
     * corpus is a usage error, never a clean run.
     */
    static void requireArticles(List<Path> paths, CorpusSettings settings) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UsageException(p + ": no such file or directory");
            }
            if (!Files.isReadable(p)) {
                throw new UsageException(p + ": permission denied");
            }
            if (!Files.isDirectory(p)) {
                continue;
            }
            try (Stream<CorpusFile> files = Corpus.files(p, settings)) {
                if (files.findAny().isEmpty()) {
                    throw new UsageException(p + ": no articles (no file matches [corpus] include " + settings.include()
                            + " but not exclude " + settings.exclude() + ")");
                }
            } catch (IOException e) {
                throw new UsageException(p + ": cannot read: " + e.getMessage(), e);
            }
        }
    }

    /** A file named on the command line must be an article: {@code links notes.txt} is an error naming it. */
    static void requireNamedArticles(List<Path> paths) {
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                Optional<String> not = ArticleParser.notAnArticle(p);
                if (not.isPresent()) {
                    throw new UsageException(p + ": " + not.get());
                }
            }
        }
    }
}
