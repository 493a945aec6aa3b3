package org.newskeeper.warc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems of one verification, with their severity; a strict verification (our own files, as
 * the nightly verifies them) turns every warning into an error.
 */
final class Findings {
    private final boolean strict;
    private final List<Problem> problems = new ArrayList<>();

    Findings(boolean strict) {
        this.strict = strict;
    }

    void error(String file, long offset, String check, String message) {
        problems.add(new Problem(file, offset, check, message, Problem.Severity.ERROR));
    }

    void warning(String file, long offset, String check, String message) {
        problems.add(new Problem(file, offset, check, message, strict ? Problem.Severity.ERROR : Problem.Severity.WARNING));
    }

    /** Every problem, in file and offset order. */
    List<Problem> sorted() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::file).thenComparingLong(Problem::offset));
        return sorted;
    }
}
