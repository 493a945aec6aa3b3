package org.newskeeper.warc;

import java.util.List;

/**
 * What {@link Verifier} found.
 *
 * @param files    the WARC files read; a WACZ's as {@code PACKAGE.wacz!archive/NAME}
 * @param records  the records read
 * @param problems every problem, errors and warnings, in file and offset order
 */
public record VerifyReport(List<String> files, long records, List<Problem> problems) {
    public VerifyReport {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** Whether no error was found (warnings allowed): {@code verify} exits 0. */
    public boolean clean() {
        return problems.stream().noneMatch(Problem::isError);
    }

    /**
     * How many problems are in the WARC file {@code warc} itself (its records, its gzip members,
     * its CDXJ index beside it), leaving out the corpus's fixity problems that name it.
     */
    public long problemsIn(java.nio.file.Path warc) {
        String file = warc.toString();
        String cdxj = WarcFileWriter.cdxjPath(warc).toString();
        return problems.stream().filter(p -> (p.file().equals(file) || p.file().equals(cdxj))
                && !Fixity.CHECKS.contains(p.check())).count();
    }

    /** The problems that are errors. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** The problems that are warnings. */
    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
