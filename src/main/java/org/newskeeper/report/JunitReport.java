package org.newskeeper.report;

import org.newskeeper.Counts;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.newskeeper.history.RunArticle;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/**
 * {@code junit.xml}: one testcase per article, failing on its error findings and its dead links
 * (untriaged); warnings, failing, blocked and triaged links are in the testcase's output.
 */
public final class JunitReport implements ReportWriter {
    @Override
    public String fileName() {
        return "junit.xml";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        // per article, what it is listed for: its findings and the rows it cites (the lines are made
        // as each testcase is written, not kept for the whole file)
        Map<String, List<Object>> about = new HashMap<>();
        Set<String> failing = new HashSet<>();
        for (Report.RuleFindings r : report.findings()) {
            for (Finding f : r.findings()) {
                about.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
                if (f.severity() == Severity.ERROR) {
                    failing.add(f.path());
                }
            }
        }
        for (Report.LinkProblem p : report.links()) {
            boolean fails = fails(p);
            for (Report.Citing c : p.citedBy()) {
                about.computeIfAbsent(c.path(), k -> new ArrayList<>()).add(new Cited(p, c));
                if (fails) {
                    failing.add(c.path());
                }
            }
        }
        int failed = 0;
        for (RunArticle a : report.articles()) {
            failed += failing.contains(a.path()) ? 1 : 0;
        }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String name = "newskeeper nightly " + report.run().id();
        out.write("<testsuites name=\"" + Escape.xml(name) + "\" tests=\"" + report.articles().size() + "\" failures=\""
                + failed + "\" errors=\"0\">\n");
        out.write("  <testsuite name=\"" + Escape.xml(name) + "\" tests=\"" + report.articles().size()
                + "\" failures=\"" + failed + "\" errors=\"0\" skipped=\"0\" timestamp=\""
                + DateTimeFormatter.ISO_INSTANT.format(report.run().started()) + "\">\n");
        for (RunArticle a : report.articles()) {
            String classname = "newskeeper." + (a.site().isEmpty() ? "corpus" : a.site());
            out.write("    <testcase classname=\"" + Escape.xml(classname) + "\" name=\"" + Escape.xml(a.path()) + "\"");
            List<String> f = new ArrayList<>();
            List<String> n = new ArrayList<>();
            for (Object x : about.getOrDefault(a.path(), List.of())) {
                if (x instanceof Finding finding) {
                    String line = finding.severity().id() + " " + finding.rule() + " at line " + finding.line() + ": "
                            + finding.message();
                    (finding.severity() == Severity.ERROR ? f : n).add(line);
                } else if (x instanceof Cited cited) {
                    (fails(cited.row()) ? f : n).add(line(cited.row(), cited.citing()));
                }
            }
            if (f.isEmpty() && n.isEmpty()) {
                out.write("/>\n");
                continue;
            }
            out.write(">\n");
            if (!f.isEmpty()) {
                out.write("      <failure message=\"" + Escape.xml(Counts.of(f.size(), "problem", "problems") + ": "
                        + f.get(0)) + "\" type=\"newskeeper\">" + Escape.xml(String.join("\n", f)) + "</failure>\n");
            }
            if (!n.isEmpty()) {
                out.write("      <system-out>" + Escape.xml(String.join("\n", n)) + "</system-out>\n");
            }
            out.write("    </testcase>\n");
        }
        out.write("  </testsuite>\n</testsuites>\n");
    }

    /** A failing URL's row and one article citing it. */
    private record Cited(Report.LinkProblem row, Report.Citing citing) {
    }

    /** Whether a row fails its citing articles' testcases: dead and not triaged. */
    private static boolean fails(Report.LinkProblem p) {
        return p.confirmed() && p.needsReview();
    }

    private static String line(Report.LinkProblem p, Report.Citing c) {
        return p.state() + " link (" + p.stateText() + "; " + c.role() + ", status " + p.status()
                + (p.code().isPresent() ? " " + p.code().get() : "")
                + p.triage().map(t -> "; triaged " + t.decision()).orElse("") + "): " + p.url();
    }
}
