package org.newskeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;
import org.newskeeper.nightly.NightlyListener;

/**
 * How the nightly job shows its progress: a progress bar per stage on a terminal, plain log lines
 * (one when a stage starts, one with counts and rate when it ends) otherwise, nothing with --quiet.
 */
final class ConsoleProgress implements NightlyListener {
    private final PrintWriter log;
    private final boolean terminal;
    private ProgressBar bar;
    private Instant stageStart = Instant.now();
    private String stage = "";

    private ConsoleProgress(PrintWriter log, boolean terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    /** The listener for {@code --quiet}, a terminal, or a log. */
    static NightlyListener of(PrintWriter log, boolean quiet) {
        if (quiet) {
            return NightlyListener.QUIET;
        }
        return new ConsoleProgress(log, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    @Override
    public void runStarted(Run run, boolean resumed) {
        line((resumed ? "resuming interrupted run " : "run ") + run.id() + " over " + run.corpus());
    }

    @Override
    public void stageStarted(Stage name, long total) {
        if (name.id().equals(stage)) {
            if (bar != null) {
                bar.maxHint(total);
            } else {
                line(name + ": " + total + " items");
            }
            return;
        }
        closeBar();
        stage = name.id();
        stageStart = Instant.now();
        if (terminal) {
            // a stage of unknown length (total -1) shows a spinner and its count, not "? %"
            bar = new ProgressBarBuilder().setTaskName(name.id()).setInitialMax(total < 0 ? -1 : total)
                    .setRenderer(Spinner.renderer(true))
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200)
                    .build();
        } else {
            line(name + ": started");
        }
    }

    @Override
    public void progress(Stage stage, long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void stageKept(RunStage stage) {
        line(stage.name() + ": " + stage.state().id() + " before the interruption, kept (" + stage.message() + ")");
    }

    @Override
    public void stageFinished(RunStage stage) {
        closeBar();
        this.stage = "";
        Duration d = Duration.between(stageStart, Instant.now());
        double s = Math.max(d.toMillis(), 1) / 1000.0;
        line(stage.name() + ": " + stage.state().id() + ": " + stage.message()
                + String.format(Locale.ROOT, " (%.1f s, %.1f/s)", s, stage.count() / s));
    }

    @Override
    public void reportsWritten(Path dir, Path latest) {
        closeBar();
        line("report: written to " + dir + " and " + latest);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private void line(String text) {
        log.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " nightly: " + text);
        log.flush();
    }
}
