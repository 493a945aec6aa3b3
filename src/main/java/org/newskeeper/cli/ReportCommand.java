package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStore;
import org.newskeeper.nightly.Nightly;
import org.newskeeper.nightly.NightlyLock;
import org.newskeeper.nightly.NightlyOptions;
import org.newskeeper.report.Report;
import org.newskeeper.report.ReportBuilder;
import org.newskeeper.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Regenerates the reports of a run (default: the latest finished run) from the database into"
                + " CHECKS/runs/<run-id>/, and into CHECKS/latest/ when it is the latest finished run."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder (default: checks/).")
    Path checks = NightlyOptions.DEFAULT_CHECKS;

    @Option(names = "--run", paramLabel = "ID", description = "The run to report (default: the latest finished run).")
    String runId;

    @Option(names = "--db", paramLabel = "FILE", description = "The SQLite database (default: CHECKS/links.sqlite).")
    Path db;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = db != null ? db : checks.resolve("links.sqlite");
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no run database (run newskeeper nightly first, or give --checks/--db)");
        }
        try (NightlyLock lock = NightlyLock.acquire(checks); Database database = Database.open(file)) {
            RunStore store = new RunStore(database);
            Optional<Run> latest = store.latestFinished();
            Run run;
            if (runId != null) {
                run = store.run(runId).orElseThrow(() -> new UsageException(file + ": no run " + runId));
            } else {
                run = latest.orElseThrow(() -> new UsageException(file + ": no finished run to report"));
            }
            if (store.pruned(run.id())) {
                throw new UsageException(file + ": the details of run " + run.id()
                        + " were pruned (only the newest runs keep them, see --keep-runs); its reports are in "
                        + checks.resolve(Nightly.RUNS).resolve(run.id()));
            }
            Report report = ReportBuilder.build(store, run, Optional.empty());
            Path dir = checks.resolve(Nightly.RUNS).resolve(run.id());
            Reports.write(report, dir);
            out.println("wrote " + dir.resolve("report.html"));
            if (latest.isPresent() && latest.get().id().equals(run.id())) {
                Reports.publish(dir, checks.resolve(Nightly.LATEST));
                out.println("copied to " + checks.resolve(Nightly.LATEST));
            }
            out.flush();
            return Main.OK;
        } catch (NightlyLock.LockedException e) {
            err.println("newskeeper report: " + e.getMessage());
            return Main.USAGE;
        } catch (IOException e) {
            err.println("newskeeper report: " + e.getMessage());
            return Main.INTERNAL;
        }
    }
}
