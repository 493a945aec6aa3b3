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
 */
public record CorpusFile(Path root, Path file, String path, Optional<String> problem) {
    public CorpusFile(Path root, Path file, String path) {
        this(root, file, path, Optional.empty());
    }
}
