package org.newskeeper.nightly;

import java.nio.file.Path;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;

/** Hears how a nightly run goes, stage by stage; the command line shows it as progress or log lines. */
public interface NightlyListener {
    /** A listener that hears nothing. */
    NightlyListener QUIET = new NightlyListener() {
    };

    /** The run started, or resumed an earlier run that was interrupted. */
    default void runStarted(Run run, boolean resumed) {
    }

    /** A stage starts; {@code total} items when known, else -1. */
    default void stageStarted(Stage stage, long total) {
    }

    /** A stage handled {@code done} items so far. */
    default void progress(Stage stage, long done) {
    }

    /** A stage of a resumed run had ended before the interruption and is not run again. */
    default void stageKept(RunStage stage) {
    }

    /** A stage ended. */
    default void stageFinished(RunStage stage) {
    }

    /**
     * The run's reports were written into {@code dir}; they are not yet copied to {@code latest} and the run
     * is not yet finished (the kill tests pause here to SIGKILL a run between the two).
     */
    default void reportsDrafted(Path dir) {
    }

    /** The reports were written into {@code dir} and copied to {@code latest}. */
    default void reportsWritten(Path dir, Path latest) {
    }
}
