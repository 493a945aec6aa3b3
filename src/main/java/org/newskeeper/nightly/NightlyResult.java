package org.newskeeper.nightly;

import java.nio.file.Path;
import org.newskeeper.report.Report;

/**
 * How a nightly run ended.
 *
 * @param exitCode 0 nothing new wrong, 1 something new wrong, 3 a stage failed
 * @param report   what the reports say
 * @param runDir   the run's report folder, {@code CHECKS/runs/<run-id>}
 * @param latest   {@code CHECKS/latest}
 * @param resumed  whether it completed an interrupted run
 */
public record NightlyResult(int exitCode, Report report, Path runDir, Path latest, boolean resumed) {
    /** Exit code: nothing new is wrong since the previous run. */
    public static final int OK = 0;
    /** Exit code: something new is wrong (new error findings, newly confirmed broken links, archive problems). */
    public static final int NEW_PROBLEMS = 1;
    /** Exit code: a stage failed; the reports say which and why. */
    public static final int FAILED = 3;

    public Path html() {
        return runDir.resolve("report.html");
    }
}
