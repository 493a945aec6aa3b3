package org.newskeeper.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code broken-links.csv}: one row per broken or suspect link and citing article, RFC 4180, with
 * formula-like cells neutralised.
 */
final class CsvReport implements ReportWriter {
    static final List<String> COLUMNS = List.of("state", "status", "code", "url", "host", "final_url", "redirects",
            "error", "first_seen", "last_ok", "consecutive_failures", "new", "age_days", "article", "site", "title",
            "role", "wayback");

    @Override
    public String fileName() {
        return "broken-links.csv";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
        for (Report.LinkProblem p : report.links()) {
            for (Report.Citing c : p.citedBy()) {
                List<String> row = List.of(p.state().id(), p.status().id(), Format.code(p), p.url(), p.host(),
                        p.finalUrl().orElse(""), Format.chain(p), p.error().orElse(""),
                        p.firstSeen().map(Object::toString).orElse(""), p.lastOk().map(Object::toString).orElse(""),
                        Integer.toString(p.consecutiveFailures()), Boolean.toString(p.isNew()),
                        Long.toString(p.ageDays()), c.path(), c.site(), c.title().orElse(""), c.role(), p.wayback());
                StringBuilder b = new StringBuilder();
                for (String cell : row) {
                    if (b.length() > 0) {
                        b.append(',');
                    }
                    b.append(Escape.csv(cell));
                }
                out.write(b.append("\r\n").toString());
            }
        }
    }
}
