package org.newskeeper.corpus;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One article file found under a corpus root.
 *
 * @param root    the root given by the user
 * @param file    the file on disk
 * @param path    the file's path relative to the root, with '/' separators
 * @param problem why the entry cannot be read as a file, found while walking the folders (a
 *                dangling symbolic link, a link loop, a pipe, a folder that cannot be listed)
 * @param listed  the size and modification time the walk saw (a regular file without a problem
 *                listed by {@link Corpus#files}): a stage that stamps its results by them needs no
 *                second look at the file; empty for a file named otherwise
 */
public record CorpusFile(Path root, Path file, String path, Optional<String> problem, Optional<Listed> listed) {
    public CorpusFile(Path root, Path file, String path) {
        this(root, file, path, Optional.empty());
    }

    public CorpusFile(Path root, Path file, String path, Optional<String> problem) {
        this(root, file, path, problem, Optional.empty());
    }

    /**
     * The size and modification time the walk saw, else the file's now; empty when it is not a
     * regular file. What a stage stamps its results by.
     */
    public Optional<Listed> stamp() throws java.io.IOException {
        if (listed.isPresent()) {
            return listed;
        }
        java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(file,
                java.nio.file.attribute.BasicFileAttributes.class);
        return a.isRegularFile() ? Optional.of(new Listed(a.size(), a.lastModifiedTime().toMillis())) : Optional.empty();
    }

    /**
     * What the walk saw of a regular file.
     *
     * @param size     its size in bytes
     * @param modified its modification time, epoch milliseconds
     */
    public record Listed(long size, long modified) {
    }
}
