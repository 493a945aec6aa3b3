package org.newskeeper.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes every report format into a folder. Each file is written under a temporary name, forced to
 * disk and renamed over the final name in one step, so a reader (or a run killed midway) never sees
 * a half-written report. report.html's data pages ({@code report-data/rows-0002.js}...) are renamed
 * into place before report.html, and the data pages of an earlier, longer report are deleted after
 * it; each page carries the token of its report.html, whose script refuses a page of another one
 * (a reader who opened the earlier report is told to reload, never shown a mix).
 */
public final class Reports {
    /** One writer per format. */
    static final List<ReportWriter> WRITERS = List.of(new HtmlReport(), new MarkdownReport(), new JsonReport(),
            new CsvReport(), new JunitReport());

    private Reports() {
    }

    /** Writes every format into {@code dir} (created when absent); returns the files written (data pages aside). */
    public static List<Path> write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (ReportWriter w : WRITERS) {
            Path target = dir.resolve(w.fileName());
            if (w instanceof HtmlReport html) {
                Path data = dir.resolve(HtmlReport.DATA_DIR);
                Set<String> pages = new HashSet<>();
                atomic(target, writer -> html.write(report, writer, (name, content) -> {
                    Files.createDirectories(data);
                    atomic(data.resolve(name), x -> x.write(content));
                    pages.add(name);
                }));
                prune(data, pages);
            } else {
                atomic(target, writer -> w.write(report, writer));
            }
            out.add(target);
        }
        return out;
    }

    /** Copies the report files of {@code from} into {@code to}, each by the same temporary-name-and-rename. */
    public static void publish(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Path data = from.resolve(HtmlReport.DATA_DIR);
        Set<String> pages = new HashSet<>();
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.list(data)) {
                for (Path p : s.filter(Reports::isPage).sorted().toList()) {
                    Path dest = to.resolve(HtmlReport.DATA_DIR);
                    Files.createDirectories(dest);
                    copy(p, dest.resolve(p.getFileName().toString()));
                    pages.add(p.getFileName().toString());
                }
            }
        }
        for (ReportWriter w : WRITERS) {
            Path src = from.resolve(w.fileName());
            if (Files.isRegularFile(src)) {
                copy(src, to.resolve(w.fileName()));
            }
        }
        prune(to.resolve(HtmlReport.DATA_DIR), pages);
    }

    /** Something that writes a file's content. */
    @FunctionalInterface
    private interface Content {
        void write(Writer out) throws IOException;
    }

    /** Writes {@code target} under a temporary name beside it, forces it to disk and renames it over {@code target}. */
    private static void atomic(Path target, Content content) throws IOException {
        Path tmp = temp(target.getParent(), target.getFileName().toString());
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    Writer writer = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 64 * 1024)) {
                content.write(writer);
            }
            force(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copy(Path src, Path target) throws IOException {
        Path tmp = temp(target.getParent(), target.getFileName().toString());
        try {
            Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
            force(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the data pages of {@code data} that are not in {@code keep} (an earlier report's, beyond
     * the new count), and temporary files a killed run left; the folder too when nothing is left.
     */
    private static void prune(Path data, Set<String> keep) throws IOException {
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> s = Files.list(data)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if ((isPage(p) && !keep.contains(name)) || (name.startsWith(".rows-") && name.endsWith(".tmp"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (keep.isEmpty()) {
            try (Stream<Path> s = Files.list(data)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(data);
                }
            }
        }
    }

    private static boolean isPage(Path p) {
        return HtmlReport.PAGE_NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p);
    }

    /** A temporary file beside {@code name}, readable by all like any report (temp files start private). */
    private static Path temp(Path dir, String name) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions stand
        }
        return tmp;
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
