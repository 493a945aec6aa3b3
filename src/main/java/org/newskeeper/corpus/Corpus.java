package org.newskeeper.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The article files under a root. */
public final class Corpus {
    private Corpus() {
    }

    /** Every {@code *.md} file under {@code root} in path order; a root that is a file yields that file. */
    public static Stream<CorpusFile> files(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            Path parent = root.toAbsolutePath().getParent();
            return Stream.of(new CorpusFile(parent, root, root.getFileName().toString()));
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
                    .map(p -> new CorpusFile(root, p, relative(root, p)))
                    .sorted(java.util.Comparator.comparing(CorpusFile::path))
                    .toList()
                    .stream();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
