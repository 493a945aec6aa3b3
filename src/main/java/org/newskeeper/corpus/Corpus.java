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

    /** The articles under {@code root} with the default {@link CorpusSettings}. */
    public static Stream<CorpusFile> files(Path root) throws IOException {
        return files(root, CorpusSettings.defaults());
    }

    /**
     * Every article file under {@code root} in path order: the files whose path relative to the
     * root matches the {@link CorpusSettings#include()} globs and none of the
     * {@link CorpusSettings#exclude()} globs (an excluded folder is not entered). A root that is a
     * file yields that file. Symbolic links are followed within the root; nothing vanishes: a
     * dangling link, a link back to a parent folder (a loop, not followed), a link resolving outside
     * the root (unless {@link CorpusSettings#followSymlinksOutside()}), a pipe, socket or device, a
     * file over {@link CorpusSettings#maxFileSize()} and a folder that cannot be listed each come back
     * as an entry with its {@link CorpusFile#problem()}, and no stage reads it. The folder is listed
     * completely before the stream starts, so an unreadable root fails here, before any output.
     */
    public static Stream<CorpusFile> files(Path root, CorpusSettings settings) throws IOException {
        if (Files.isRegularFile(root)) {
            Path parent = root.toAbsolutePath().getParent();
            long size = Files.size(root);
            Optional<String> problem = size > settings.maxFileSize() ? Optional.of(tooLarge(size, settings)) : Optional.empty();
            return Stream.of(new CorpusFile(parent, root, root.getFileName().toString(), problem));
        }
        Path realRoot = root.toRealPath();
        List<CorpusFile> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = relative(root, dir);
                if (settings.excludesFolder(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!settings.followSymlinksOutside() && Files.isSymbolicLink(dir)) {
                    Optional<String> outside = outside(realRoot, dir);
                    if (outside.isPresent()) {
                        found.add(new CorpusFile(root, dir, rel, outside));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(root, file);
                if (!settings.isArticle(rel)) {
                    return FileVisitResult.CONTINUE;
                }
                Optional<String> problem = Optional.empty();
                if (attrs.isSymbolicLink()) {
                    // FOLLOW_LINKS gives the link's own attributes only when its target cannot be reached
                    problem = Optional.of("is a symbolic link to '" + target(file) + "', which does not exist");
                } else if (!attrs.isRegularFile()) {
                    problem = Optional.of("is not a regular file (a pipe, socket or device) and is not read");
                } else if (!settings.followSymlinksOutside() && Files.isSymbolicLink(file)) {
                    problem = outside(realRoot, file);
                }
                if (problem.isEmpty() && attrs.size() > settings.maxFileSize()) {
                    problem = Optional.of(tooLarge(attrs.size(), settings));
                }
                found.add(new CorpusFile(root, file, rel, problem, problem.isEmpty()
                        ? Optional.of(new CorpusFile.Listed(attrs.size(), attrs.lastModifiedTime().toMillis()))
                        : Optional.empty()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                String rel = relative(root, file);
                if (!settings.isArticle(rel) && !(e instanceof FileSystemLoopException) && !Files.isDirectory(file)) {
                    return FileVisitResult.CONTINUE;
                }
                String why = e instanceof FileSystemLoopException
                        ? "is a symbolic link to one of its own parent folders (a loop); not followed"
                        : e instanceof AccessDeniedException ? "cannot be read: permission denied"
                        : "cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                found.add(new CorpusFile(root, file, rel, Optional.of(why)));
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

    /**
     * Why {@code file} must not be read as an article of the corpus at {@code root}, checked just
     * before reading (a stage that reads the file again, such as pack, calls this): not a regular
     * file (a pipe would block the read forever, a device never ends), a link resolving outside the
     * root, or over the size limit. Empty when the file may be read.
     */
    public static Optional<String> problem(Path root, Path file, CorpusSettings settings) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (!attrs.isRegularFile()) {
            return Optional.of("is not a regular file (a pipe, socket or device) and is not read");
        }
        if (attrs.size() > settings.maxFileSize()) {
            return Optional.of(tooLarge(attrs.size(), settings));
        }
        if (!settings.followSymlinksOutside() && Files.isDirectory(root)) {
            try {
                return outside(root.toRealPath(), file);
            } catch (IOException e) {
                return Optional.of("cannot be read: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The bytes of an article file, after {@link #problem} found nothing wrong with it; never more
     * than the size limit, even when the file grows meanwhile.
     *
     * @throws IOException with the reason as message when it must not or cannot be read
     */
    public static byte[] read(Path root, Path file, CorpusSettings settings) throws IOException {
        Optional<String> problem = problem(root, file, settings);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(settings.maxFileSize() + 1, Integer.MAX_VALUE - 16));
            if (bytes.length > settings.maxFileSize()) {
                throw new IOException(tooLarge(bytes.length, settings));
            }
            return bytes;
        }
    }

    private static String tooLarge(long size, CorpusSettings settings) {
        return "is " + mib(size) + ", over the " + mib(settings.maxFileSize())
                + " of [corpus] max_file_size; not read";
    }

    private static String mib(long n) {
        return n >= (1 << 20) ? n / (1 << 20) + " MiB" : n + " bytes";
    }

    /** A problem when the link resolves to a place outside the corpus root. */
    private static Optional<String> outside(Path realRoot, Path link) {
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (real.startsWith(realRoot)) {
            return Optional.empty();
        }
        return Optional.of("is a symbolic link to '" + target(link) + "', outside the corpus; not followed"
                + " ([corpus] follow_symlinks_outside = true to read it)");
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
