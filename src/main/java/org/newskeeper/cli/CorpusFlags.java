package org.newskeeper.cli;

import java.util.ArrayList;
import java.util.List;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.corpus.CorpusSettings;
import picocli.CommandLine.Option;

/**
 * The corpus flags of the commands reading a corpus: {@code --exclude GLOB} (also spelt
 * {@code --exclude-files}), over the {@code [corpus]} table. {@code links} and {@code nightly}, where
 * {@code --exclude} already excludes URLs, take {@link FilesOnly} ({@code --exclude-files} only).
 */
abstract class CorpusFlags {
    /** The globs given on the command line. */
    abstract List<String> globs();

    /** The {@code [corpus]} settings with the command line's globs added; a bad glob or key is a usage error. */
    CorpusSettings settings(Config config) {
        try {
            return CorpusSettings.read(config).withExclude(globs());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException("--exclude: " + e.getMessage(), e);
        }
    }

    /** {@code --exclude GLOB}, also spelt {@code --exclude-files GLOB}. */
    static final class Exclude extends CorpusFlags {
        @Option(names = {"--exclude", "--exclude-files"}, paramLabel = "GLOB",
                description = "Leave out the corpus files (or folders, as DIR/**) matching this glob, relative to the corpus"
                        + " root; repeatable, added to [corpus] exclude.")
        List<String> exclude = new ArrayList<>();

        @Override
        List<String> globs() {
            return exclude;
        }
    }

    /** {@code --exclude-files GLOB} alone, for the commands whose {@code --exclude} is about URLs. */
    static final class FilesOnly extends CorpusFlags {
        @Option(names = "--exclude-files", paramLabel = "GLOB",
                description = "Leave out the corpus files (or folders, as DIR/**) matching this glob, relative to the corpus"
                        + " root; repeatable, added to [corpus] exclude. (--exclude is about URLs here.)")
        List<String> files = new ArrayList<>();

        @Override
        List<String> globs() {
            return files;
        }
    }
}
