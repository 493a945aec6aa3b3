package org.newskeeper.report;

import org.newskeeper.Counts;
/**
 * The one sentence every surface opens with (report.html, report.md, the nightly's last lines), in
 * the reports' vocabulary: a failing URL is {@code failing} until {@value Report#CONFIRM_AFTER}
 * failures over {@value Report#CONFIRM_HOURS} h make it {@code dead}; {@code blocked} when the server
 * would not say. "Broken" is only ever a status id.
 */
public final class Verdict {
    /** The confirmation rule, as every surface states it. */
    public static final String RULE = "a link is dead after " + Report.CONFIRM_AFTER + " failures over "
            + Report.CONFIRM_HOURS + " h";

    private Verdict() {
    }

    /** The verdict: first run, something new wrong, or nothing new wrong (with what still needs review). */
    public static String of(Report r) {
        Report.Summary s = r.summary();
        int review = s.dead() + s.failing() + s.blocked();
        if (r.networkUnavailable()) {
            return Report.NETWORK_UNAVAILABLE + " (the nightly exits 3; see the links stage).";
        }
        if (s.firstRun()) {
            return "First run: " + Counts.of(review, "failing link", "failing links") + ", " + RULE
                    + (r.hasNewProblems() ? "; something is wrong (see below)." : ".");
        }
        if (r.hasNewProblems()) {
            return "Something new is wrong since the previous run.";
        }
        if (review == 0) {
            return "Nothing new is wrong since the previous run.";
        }
        return "Nothing new is wrong since the previous run; " + counts(s) + " still to review.";
    }

    /** {@code 2 dead, 5 failing, 1 blocked} (the rows needing review). */
    public static String counts(Report.Summary s) {
        return s.dead() + " dead, " + s.failing() + " failing, " + s.blocked() + " blocked";
    }
}
