package org.newskeeper.corpus;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The article files under a root. */
public final class Corpus {
    private Corpus() {
    }

    /**
     * Every {@code *.md} file under {@code root} in path order; a root that is a file yields that
     * file. Hidden folders ({@code .git}, {@code .github}) are not entered. Symbolic links are
     * followed; nothing vanishes: a dangling link, a link back to a parent folder (a loop, not
     * followed), a pipe or device named {@code *.md} and a folder that cannot be listed each come
     * back as an entry with its {@link CorpusFile#problem()}. The folder is listed completely
     * before the stream starts, so an unreadable root fails here, before any output.
     */
    public static Stream<CorpusFile> files(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            Path parent = root.toAbsolutePath().getParent();
            return Stream.of(new CorpusFile(parent, root, root.getFileName().toString()));
        }
        List<CorpusFile> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
                return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!file.getFileName().toString().endsWith(".md")) {
                    return FileVisitResult.CONTINUE;
                }
                Optional<String> problem = Optional.empty();
                if (attrs.isSymbolicLink()) {
                    // FOLLOW_LINKS gives the link's own attributes only when its target cannot be reached
                    problem = Optional.of("is a symbolic link to '" + target(file) + "', which does not exist");
                } else if (attrs.isOther()) {
                    problem = Optional.of("is not a regular file (a pipe, socket or device) and is not read");
                }
                found.add(new CorpusFile(root, file, relative(root, file), problem));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                String why = e instanceof FileSystemLoopException
                        ? "is a symbolic link to one of its own parent folders (a loop); not followed"
                        : e instanceof AccessDeniedException ? "cannot be read: permission denied"
                        : "cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                found.add(new CorpusFile(root, file, relative(root, file), Optional.of(why)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null && !dir.equals(root)) {
                    found.add(new CorpusFile(root, dir, relative(root, dir),
                            Optional.of("is a folder that could not be listed completely: " + e.getMessage())));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(CorpusFile::path));
        return found.stream();
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "?";
        }
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
