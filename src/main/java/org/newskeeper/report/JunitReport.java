package org.newskeeper.report;

import org.newskeeper.Counts;
import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, List<String>> failures = new LinkedHashMap<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (Report.RuleFindings r : report.findings()) {
            for (Finding f : r.findings()) {
                String line = f.severity().id() + " " + f.rule() + " at line " + f.line() + ": " + f.message();
                (f.severity() == Severity.ERROR ? failures : notes).computeIfAbsent(f.path(), k -> new ArrayList<>()).add(line);
            }
        }
        for (Report.LinkProblem p : report.links()) {
            boolean fails = p.confirmed() && p.needsReview();
            for (Report.Citing c : p.citedBy()) {
                String line = p.state() + " link (" + p.stateText() + "; " + c.role() + ", status " + p.status()
                        + (p.code().isPresent() ? " " + p.code().get() : "")
                        + p.triage().map(t -> "; triaged " + t.decision()).orElse("") + "): " + p.url();
                (fails ? failures : notes).computeIfAbsent(c.path(), k -> new ArrayList<>()).add(line);
            }
        }
        int failed = 0;
        for (RunArticle a : report.articles()) {
            failed += failures.containsKey(a.path()) ? 1 : 0;
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
            List<String> f = failures.getOrDefault(a.path(), List.of());
            List<String> n = notes.getOrDefault(a.path(), List.of());
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
}
