package org.newskeeper.cli;

import java.nio.file.Path;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;
import org.newskeeper.nightly.NightlyListener;
import picocli.CommandLine;

/**
 * The demo for the kill tests, run in a child JVM: the same command, with a listener that pauses the
 * run for a minute after its reports are drafted and before they are published, so that a SIGKILL
 * lands between the two. Arguments are those of {@code newskeeper demo}.
 */
public final class PausingDemo {
    private PausingDemo() {
    }

    public static void main(String[] args) {
        DemoCommand demo = new DemoCommand();
        demo.listeners = Pausing::new;
        System.exit(new CommandLine(demo).execute(args));
    }

    /** Hears everything the console hears, and sleeps once the reports are drafted. */
    private record Pausing(NightlyListener console) implements NightlyListener {
        @Override
        public void runStarted(Run run, boolean resumed) {
            console.runStarted(run, resumed);
        }

        @Override
        public void stageStarted(Stage stage, long total) {
            console.stageStarted(stage, total);
        }

        @Override
        public void progress(Stage stage, long done) {
            console.progress(stage, done);
        }

        @Override
        public void stageKept(RunStage stage) {
            console.stageKept(stage);
        }

        @Override
        public void stageFinished(RunStage stage) {
            console.stageFinished(stage);
        }

        @Override
        public void reportsDrafted(Path dir) {
            console.reportsDrafted(dir);
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void reportsWritten(Path dir, Path latest) {
            console.reportsWritten(dir, latest);
        }
    }
}
