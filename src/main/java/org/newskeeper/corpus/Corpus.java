package org.newskeeper.corpus;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The article files under a root. */
public final class Corpus {
    private Corpus() {
    }

    /**
     * Every {@code *.md} file under {@code root} in path order; a root that is a file yields that
     * file. Hidden folders ({@code .git}, {@code .github}) are not entered. The folder is listed
     * completely before the stream starts, so an unreadable folder fails here, before any output.
     */
    public static Stream<CorpusFile> files(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            Path parent = root.toAbsolutePath().getParent();
            return Stream.of(new CorpusFile(parent, root, root.getFileName().toString()));
        }
        List<CorpusFile> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
                return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                    found.add(new CorpusFile(root, file, relative(root, file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(CorpusFile::path));
        return found.stream();
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
