package org.newskeeper.check;

import java.io.PrintWriter;
import java.util.Map;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

/**
 * Writes a {@link LinkReport} for a person: one block per link that needs a look (not alive,
 * excluded aside, or a share leading elsewhere), its citing articles under it, then the summary.
 */
public final class LinkReportText {
    private LinkReportText() {
    }

    public static void write(LinkReport report, PrintWriter out) {
        for (LinkOutcome o : report.links()) {
            boolean worthALine = !o.status().isAlive() && o.status() != LinkStatus.EXCLUDED;
            if (!worthALine && !o.shareMismatch()) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            line.append(String.format("%-15s %-4s %s", o.status().id(), o.code().map(String::valueOf).orElse("-"), o.url()));
            if (o.confirmed()) {
                line.append("  [confirmed]");
            } else if (o.status().isFailure()) {
                line.append("  [suspect ").append(o.consecutiveFailures()).append("]");
            }
            if (o.isNew()) {
                line.append("  [new]");
            }
            out.println(line);
            o.error().ifPresent(e -> out.println("    " + e));
            if (!o.redirects().isEmpty()) {
                StringBuilder chain = new StringBuilder("    redirects:");
                for (Redirect r : o.redirects()) {
                    chain.append(' ').append(r.url()).append(" (").append(r.code()).append(") ->");
                }
                chain.append(' ').append(o.finalUrl().orElse("?"));
                out.println(chain);
            }
            for (Citation r : o.citations()) {
                StringBuilder ref = new StringBuilder("    in ").append(r.path());
                if (r.line() > 0) {
                    ref.append(':').append(r.line());
                }
                ref.append(" (").append(r.role().id()).append(')');
                if (o.shareMismatch(r)) {
                    ref.append(" shared via ").append(r.via().orElse("?")).append(" leads to ")
                            .append(o.finalUrl().orElse(o.url())).append(", not to the article's source ")
                            .append(r.expected().orElse("?"));
                }
                out.println(ref);
            }
        }
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<LinkStatus, Integer> e : report.summary().entrySet()) {
            if (e.getValue() > 0) {
                summary.append(summary.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().id());
            }
        }
        long fromHistory = report.links().stream().filter(LinkOutcome::fromHistory).count();
        long resumed = report.links().stream().filter(LinkOutcome::resumed).count();
        out.printf("%d link%s: %s; %d requested, %d from history, %d confirmed broken%s%n", report.links().size(),
                report.links().size() == 1 ? "" : "s",
                summary.length() == 0 ? "none" : summary, report.requested(), fromHistory, report.confirmed().size(),
                report.resumed() ? "; resumed interrupted run " + report.runId() + " (" + resumed
                        + " observed before the interruption)" : "");
        if (report.deferred().total() > 0) {
            out.println(report.deferred().describe() + " (budget)");
        }
        if (report.headOnly() > 0) {
            out.println(report.describeHeadOnly());
        }
        for (HostEvent h : report.hostEvents()) {
            out.println(h.describe());
        }
        report.unavailable().ifPresent(out::println);
        out.flush();
    }
}
