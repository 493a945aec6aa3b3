package org.newskeeper.report;

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
import java.util.List;

/**
 * Writes every report format into a folder. Each file is written under a temporary name, forced to
 * disk and renamed over the final name in one step, so a reader (or a run killed midway) never sees
 * a half-written report.
 */
public final class Reports {
    /** One writer per format. */
    static final List<ReportWriter> WRITERS = List.of(new HtmlReport(), new MarkdownReport(), new JsonReport(),
            new CsvReport(), new JunitReport());

    private Reports() {
    }

    /** Writes every format into {@code dir} (created when absent); returns the files written. */
    public static List<Path> write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (ReportWriter w : WRITERS) {
            Path target = dir.resolve(w.fileName());
            Path tmp = temp(dir, w.fileName());
            try {
                try (OutputStream os = Files.newOutputStream(tmp);
                        Writer writer = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
                    w.write(report, writer);
                }
                force(tmp);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            out.add(target);
        }
        return out;
    }

    /** Copies the report files of {@code from} into {@code to}, each by the same temporary-name-and-rename. */
    public static void publish(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (ReportWriter w : WRITERS) {
            Path src = from.resolve(w.fileName());
            if (!Files.isRegularFile(src)) {
                continue;
            }
            Path tmp = temp(to, w.fileName());
            try {
                Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
                force(tmp);
                move(tmp, to.resolve(w.fileName()));
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
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
