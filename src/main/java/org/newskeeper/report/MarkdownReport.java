package org.newskeeper.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.newskeeper.history.RunStage;
import org.newskeeper.rules.Finding;

/**
 * {@code report.md}: the summary a CI job shows (GitHub's job summary and the like): counts, what
 * changed, the first failing links to review (one row per URL) and the findings by rule, kept well under the size
 * such summaries allow.
 */
public final class MarkdownReport implements ReportWriter {
    /** Rows of a list or table shown at most; the rest is counted. */
    static final int MAX_ROWS = 50;

    @Override
    public String fileName() {
        return "report.md";
    }

    @Override
    public void write(Report r, Writer w) throws IOException {
        StringBuilder b = new StringBuilder();
        Report.Summary s = r.summary();
        b.append("## newskeeper nightly ").append(md(r.run().id())).append("\n\n");
        b.append(r.hasNewProblems() || r.networkUnavailable() ? "**" + Verdict.of(r) + "**\n\n" : Verdict.of(r) + "\n\n");
        b.append("| articles | errors | warnings | links | dead | failing | blocked | triaged | archive problems |\n");
        b.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        b.append("| ").append(s.articles()).append(" | ").append(s.errors()).append(" | ").append(s.warnings())
                .append(" | ").append(s.links()).append(" | ").append(s.dead()).append(" | ").append(s.failing())
                .append(" | ").append(s.blocked()).append(" | ").append(s.triaged()).append(" | ").append(s.problems())
                .append(" |\n\n");
        b.append("Copies of the failing links: ").append(s.preserved()).append(" preserved (our capture), ")
                .append(s.archivedElsewhere()).append(" archived elsewhere, ").append(s.lost())
                .append(" lost unless archived elsewhere. (Dead: ").append(Verdict.RULE).append(".)\n\n");
        if (!s.linksByStatus().isEmpty()) {
            b.append("Links by status: ");
            boolean first = true;
            for (Map.Entry<String, Long> e : new java.util.TreeMap<>(s.linksByStatus()).entrySet()) {
                b.append(first ? "" : ", ").append(md(e.getKey())).append(' ').append(e.getValue());
                first = false;
            }
            b.append("\n\n");
        }

        flush(b, w);
        Report.Changes c = r.changes();
        b.append("### Since ").append(r.run().previous().map(p -> "run " + md(p)).orElse("the start (first run)")).append("\n\n");
        b.append("- new articles: ").append(c.newArticles().size()).append(", removed: ").append(c.removedArticles().size()).append('\n');
        b.append("- new findings: ").append(c.newFindings().size()).append(" (").append(c.newErrors())
                .append(" errors), fixed: ").append(c.fixedFindings().size()).append('\n');
        b.append("- newly failing links: ").append(c.newBroken().size()).append(", newly dead: ")
                .append(c.newlyConfirmed().size()).append(", alive again: ").append(c.fixed().size()).append(", still failing: ")
                .append(c.stillBroken().size()).append('\n');
        b.append("- new archive problems: ").append(c.newProblems().size()).append("\n\n");
        List<Finding> newErrors = c.newFindings().stream()
                .filter(f -> f.severity() == org.newskeeper.rules.Severity.ERROR).toList();
        if (!newErrors.isEmpty()) {
            b.append("New error findings:\n\n");
            newErrors.stream().limit(MAX_ROWS).forEach(f -> b.append("- `").append(code(f.path())).append(':')
                    .append(f.line()).append("` ").append(md(f.rule())).append(": ").append(md(f.message())).append('\n'));
            more(b, newErrors.size());
            b.append('\n');
        }

        flush(b, w);
        List<Report.LinkProblem> review = r.links().stream().filter(Report.LinkProblem::needsReview).toList();
        if (!review.isEmpty()) {
            b.append("### Failing links to review\n\n");
            b.append("| state | status | URL | cited by | roles | last alive | copy |\n");
            b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
            for (Report.LinkProblem p : review.subList(0, Math.min(MAX_ROWS, review.size()))) {
                linkRow(b, p);
                flush(b, w);
            }
            more(b, review.size());
            b.append('\n');
        }
        List<Report.LinkProblem> triaged = r.links().stream().filter(p -> !p.needsReview()).toList();
        if (!triaged.isEmpty() || !r.resolved().isEmpty()) {
            b.append("<details><summary>Triaged links (").append(triaged.size() + r.resolved().size())
                    .append(")</summary>\n\n| decision | state | URL | note |\n| --- | --- | --- | --- |\n");
            triaged.stream().limit(MAX_ROWS).forEach(p -> b.append("| ").append(md(p.triage().get().decision()))
                    .append(" | ").append(md(p.stateText())).append(" | ").append(md(p.display())).append(" | ")
                    .append(md(p.triage().get().note().orElse(""))).append(" |\n"));
            r.resolved().stream().limit(MAX_ROWS).forEach(x -> b.append("| ").append(md(x.triage().decision()))
                    .append(" | resolved (").append(md(x.status().id())).append(") | ").append(md(x.display())).append(" | ")
                    .append(md(x.triage().note().orElse(""))).append(" |\n"));
            b.append("\n</details>\n\n");
        }

        flush(b, w);
        if (!r.findings().isEmpty()) {
            b.append("### Findings by rule\n\n| rule | errors | warnings | files |\n| --- | ---: | ---: | --- |\n");
            for (Report.RuleFindings rf : r.findings()) {
                List<String> files = rf.findings().stream().map(Finding::path).distinct().toList();
                b.append("| ").append(md(rf.rule())).append(" | ").append(rf.errors()).append(" | ").append(rf.warnings())
                        .append(" | ");
                files.stream().limit(5).forEach(f -> b.append('`').append(code(f)).append("` "));
                if (files.size() > 5) {
                    b.append("and ").append(files.size() - 5).append(" more");
                }
                b.append("|\n");
            }
            b.append('\n');
        }

        flush(b, w);
        if (!r.problems().isEmpty()) {
            b.append("### Archive problems\n\n");
            r.problems().stream().limit(MAX_ROWS).forEach(p -> b.append("- ").append(md(p.stage().id())).append(": `")
                    .append(code(p.file())).append("`").append(p.offset() >= 0 ? " at byte " + p.offset() : "")
                    .append(" ").append(md(p.kind())).append(": ").append(md(p.message())).append('\n'));
            more(b, r.problems().size());
            b.append('\n');
        }

        if (!r.archives().isEmpty()) {
            b.append("### WARC files: last full verification\n\n| WARC file | last verified in full | result | tonight |\n"
                    + "| --- | --- | --- | --- |\n");
            r.archives().stream().limit(MAX_ROWS).forEach(a -> b.append("| `").append(code(a.file())).append("` | ")
                    .append(a.lastVerified().map(java.time.Instant::toString).orElse("never"))
                    .append(a.overdue() ? " (audit overdue)" : "").append(" | ")
                    .append(a.result().map(x -> x.equals("problems") ? a.problems() + " problems" : x).orElse(""))
                    .append(" | ").append(a.readTonight() ? "read" : "").append(" |\n"));
            if (r.archives().size() > MAX_ROWS) {
                b.append("\n…and ").append(r.archives().size() - MAX_ROWS).append(" more in report.html and report.json.\n");
            }
            b.append('\n');
        }

        b.append("### Stages\n\n| stage | state | count | account |\n| --- | --- | ---: | --- |\n");
        for (RunStage st : r.run().stages()) {
            b.append("| ").append(md(st.name().id())).append(" | ").append(st.state().id()).append(" | ").append(st.count())
                    .append(" | ").append(md(st.message())).append(" |\n");
        }
        b.append("\nFull report: `report.html` (filterable table, health chart), `report.json`, `broken-links.csv`, `junit.xml`.\n");
        flush(b, w);
    }

    /** Hands what is rendered so far to the file: written section by section, row by row. */
    private static void flush(StringBuilder b, Writer w) throws IOException {
        w.append(b);
        b.setLength(0);
    }

    private static void linkRow(StringBuilder b, Report.LinkProblem p) {
        b.append("| ").append(md(p.stateText())).append(p.isNew() ? " (new)" : "").append(" | ").append(md(p.status().id()))
                .append(p.code().map(x -> " " + x).orElse("")).append(" | ").append(md(p.display()));
        if (!p.sharedVia().isEmpty()) {
            b.append(" (also shared via ").append(p.sharedVia().size()).append(" share ")
                    .append(p.sharedVia().size() == 1 ? "link" : "links").append(')');
        }
        b.append(" | ").append(p.citations()).append(p.boilerplate() ? " (navigation/boilerplate)" : "");
        p.citedBy().stream().findFirst().ifPresent(ci -> b.append(": ").append(md(ci.title().orElse(ci.path())))
                .append(" (`").append(code(ci.path())).append("`)"));
        b.append(" | ").append(md(String.join(", ", p.roles()))).append(" | ").append(Format.day(p.lastOk()))
                .append(" | ").append(md(p.copy().label())).append(" |\n");
    }

    private static void more(StringBuilder b, int total) {
        if (total > MAX_ROWS) {
            b.append("\n…and ").append(total - MAX_ROWS).append(" more in report.html and broken-links.csv.\n");
        }
    }

    private static String md(String s) {
        return Escape.markdown(s);
    }

    /** Text inside a code span: no backticks or line breaks can end it early. */
    private static String code(String s) {
        return Escape.bidiVisible(Escape.clean(s)).replace('`', '\'').replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }
}
