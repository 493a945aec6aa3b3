package org.newskeeper.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code broken-links.csv}: one row per failing URL (share links that lead to it folded in), RFC 4180,
 * with formula-like cells neutralised. Multi-valued cells (articles, titles, roles, share links) hold
 * one value per line, in the same order across {@code articles}, {@code titles} and {@code article_roles}.
 * Written row by row.
 */
public final class CsvReport implements ReportWriter {
    static final List<String> COLUMNS = List.of("state", "state_text", "status", "code", "url", "decoded_url", "host",
            "hosts", "final_url", "redirects", "error", "first_seen", "last_ok", "consecutive_failures", "new",
            "age_days", "citations", "boilerplate", "roles", "articles", "titles", "article_roles", "sites",
            "shared_via", "triage", "triage_note", "triage_replacement", "triage_by", "triage_at", "preservation",
            "capture_date", "capture_warc", "capture_record", "replay", "memento", "memento_date", "memento_archive",
            "wayback");

    @Override
    public String fileName() {
        return "broken-links.csv";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
        for (Report.LinkProblem p : report.links()) {
            Report.Copy c = p.copy();
            List<String> row = new ArrayList<>(List.of(p.state(), p.stateText(), p.status().id(), Format.code(p), p.url(),
                    p.display(), p.host(), String.join("\n", p.hosts()), p.finalUrl().orElse(""), Format.chain(p),
                    p.error().orElse(""), p.firstSeen().map(Object::toString).orElse(""),
                    p.lastOk().map(Object::toString).orElse(""), Integer.toString(p.consecutiveFailures()),
                    Boolean.toString(p.isNew()), Long.toString(p.ageDays()), Integer.toString(p.citations()),
                    Boolean.toString(p.boilerplate()), String.join("\n", p.roles())));
            row.add(p.citedBy().stream().map(Report.Citing::path).collect(Collectors.joining("\n")));
            row.add(p.citedBy().stream().map(x -> x.title().orElse("")).collect(Collectors.joining("\n")));
            row.add(p.citedBy().stream().map(Report.Citing::role).collect(Collectors.joining("\n")));
            row.add(p.citedBy().stream().map(Report.Citing::site).distinct().collect(Collectors.joining("\n")));
            row.add(p.sharedVia().stream().map(Report.SharedVia::url).collect(Collectors.joining("\n")));
            row.add(p.triage().map(Report.Review::decision).orElse(""));
            row.add(p.triage().flatMap(Report.Review::note).orElse(""));
            row.add(p.triage().flatMap(Report.Review::replacement).orElse(""));
            row.add(p.triage().map(Report.Review::by).orElse(""));
            row.add(p.triage().map(t -> t.at().toString()).orElse(""));
            row.add(c.state());
            row.add(c.captureDate().orElse(""));
            row.add(c.warc().orElse(""));
            row.add(c.recordId().orElse(""));
            row.add(c.replay().orElse(""));
            row.add(c.memento().orElse(""));
            row.add(c.mementoDate().map(Object::toString).orElse(""));
            row.add(c.archive().orElse(""));
            row.add(c.state().equals("lost") ? p.wayback() : "");
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
