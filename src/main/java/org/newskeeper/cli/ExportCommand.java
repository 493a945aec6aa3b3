package org.newskeeper.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStore;
import org.newskeeper.nightly.NightlyOptions;
import org.newskeeper.report.RobustLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Exports from the database. 'export robust-links': per article and cited URL of the latest"
                + " finished run, the original URL, its status and the best memento (our capture as a replay URL of"
                + " 'newskeeper serve', else a public archive's), for data-originalurl/data-versionurl/data-versiondate."
                + " The corpus is never modified."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "What to export: robust-links.")
    String what;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder (default: checks/).")
    Path checks = NightlyOptions.DEFAULT_CHECKS;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, json or html (default: csv).")
    String format = "csv";

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE (whole or not at all) instead of standard output.")
    Path output;

    @Option(names = "--replay-base", paramLabel = "URL", description = "Where 'newskeeper serve' answers (default: http://127.0.0.1:8470).")
    String replayBase = "http://127.0.0.1:8470";

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!what.equals("robust-links")) {
            throw new UsageException("export " + what + ": unknown export (known: robust-links)");
        }
        RobustLinks.Format f;
        try {
            f = RobustLinks.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format " + format + ": expected csv, json or html");
        }
        TriageCommand.requireHttpUrl(replayBase);
        Path file = checks.resolve("links.sqlite");
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no run database (run newskeeper nightly first, or give --checks)");
        }
        try (Database db = Database.open(file)) {
            RunStore store = new RunStore(db);
            Run run = store.latestFinished().orElseThrow(() -> new UsageException(file + ": no finished run to export"));
            List<RobustLinks.Row> rows = RobustLinks.rows(db, store, run, replayBase.replaceAll("/+$", ""));
            if (output == null) {
                PrintWriter w = spec.commandLine().getOut();
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                RobustLinks.write(rows, f, b);
                w.print(b.toString(java.nio.charset.StandardCharsets.UTF_8));
                w.flush();
            } else {
                Path dir = output.toAbsolutePath().getParent();
                if (dir == null || !Files.isDirectory(dir)) {
                    throw new UsageException("--output " + output + ": no such folder " + dir);
                }
                Path tmp = Files.createTempFile(dir, ".robust-links", ".tmp");
                try {
                    try (OutputStream o = Files.newOutputStream(tmp)) {
                        RobustLinks.write(rows, f, o);
                    }
                    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return Main.OK;
        } catch (IOException e) {
            err.println("newskeeper export: " + e.getMessage());
            return Main.INTERNAL;
        }
    }
}
