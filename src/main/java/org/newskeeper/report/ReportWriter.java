package org.newskeeper.report;

import java.io.IOException;
import java.io.Writer;

/** One report format: renders a {@link Report} into one file. */
interface ReportWriter {
    /** The file's name in the run's report folder, such as {@code report.html}. */
    String fileName();

    /** Writes the report. */
    void write(Report report, Writer out) throws IOException;
}
