package org.newskeeper.warc;

import java.util.List;

/**
 * What {@link Verifier} found.
 *
 * @param files    the WARC files read; a WACZ's as {@code PACKAGE.wacz!archive/NAME}
 * @param records  the records read
 * @param problems every problem, in file and offset order
 */
public record VerifyReport(List<String> files, long records, List<Problem> problems) {
    public VerifyReport {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** Whether nothing was found wrong. */
    public boolean clean() {
        return problems.isEmpty();
    }
}
