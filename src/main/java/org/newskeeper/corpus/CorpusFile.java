package org.newskeeper.corpus;

import java.nio.file.Path;

/**
 * One article file found under a corpus root.
 *
 * @param root the root given by the user
 * @param file the file on disk
 * @param path the file's path relative to the root, with '/' separators
 */
public record CorpusFile(Path root, Path file, String path) {
}
