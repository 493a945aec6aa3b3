package org.newskeeper.report;

import org.newskeeper.Counts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/**
 * {@code report.html}: one self-contained page (inline CSS, script and SVG; a Content-Security-Policy
 * that allows nothing else, so it loads nothing from the network and works from {@code file://}),
 * readable on a phone and a desktop. Every text from the corpus is escaped and isolated in
 * {@code <bdi>} (bidi controls in a title or URL cannot reorder the page); only http(s) URLs become
 * links. The table of failing links (one row per URL) is rendered on the server, page by page: the
 * first page ({@value #PAGE_ROWS} rows) in the page itself, the others in data pages beside it
 * ({@code report-data/rows-0002.js}...), each a script the page's own script loads on demand
 * ({@code fetch()} is refused from {@code file://}); without script the first page and a note where
 * the full list is remain. A report of one page stays one file. URLs are shown decoded and kept exact
 * in the link target. Written as it is rendered, section by section and row by row.
 */
public final class HtmlReport implements ReportWriter {
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");
    /** Items of a change list shown at most (all are in report.json). */
    static final int MAX_LIST = 200;
    private static final String[] COLUMNS = {"State", "Status", "URL", "Cited by", "Roles", "First seen", "Last alive",
        "Failures", "Redirects", "Age", "Copy"};
    /** Citing articles listed in a row at most (all are in report.json and broken-links.csv). */
    static final int MAX_CITING = 200;
    /** Citing articles shown in a row before "all N". */
    static final int FIRST_CITING = 3;
    /** Rows of the review table per page: the first page is in report.html, the others in data pages. */
    static final int PAGE_ROWS = 200;
    /** A page closes before this many bytes of rows (rows citing 200 articles are large), so every file stays small. */
    static final int PAGE_BYTES = 1_500_000;
    /** Findings of one rule listed at most (all are in report.json). */
    static final int MAX_FINDINGS = 100;
    /** The folder of the data pages, beside report.html. */
    public static final String DATA_DIR = "report-data";
    /** The names of the data pages ({@code rows-0002.js}...). */
    static final java.util.regex.Pattern PAGE_NAME = java.util.regex.Pattern.compile("rows-[0-9]{4,}\\.js");

    /**
     * Where the data pages of report.html go: each page's file name ({@link #pageName}) and content,
     * in page order, before report.html itself is complete.
     */
    @FunctionalInterface
    public interface DataPages {
        void write(String name, String content) throws IOException;
    }

    /** For a one-file rendering: refuses a report that needs data pages. */
    static final DataPages ONE_FILE = (name, content) -> {
        throw new IllegalStateException("report.html needs data pages (" + name + "): write it with Reports.write");
    };

    /** The file name of data page {@code n} (2, 3...). */
    static String pageName(int n) {
        return String.format(java.util.Locale.ROOT, "rows-%04d.js", n);
    }

    @Override
    public String fileName() {
        return "report.html";
    }

    /** Writes a report whose table fits one page; see {@link #write(Report, Writer, DataPages)}. */
    @Override
    public void write(Report r, Writer w) throws IOException {
        write(r, w, ONE_FILE);
    }

    /**
     * Writes report.html to {@code w} as it is rendered, and its data pages (the rows after the first
     * page) to {@code pages}, each before the page is complete.
     */
    public void write(Report r, Writer w, DataPages pages) throws IOException {
        boolean paged = review(r).size() > PAGE_ROWS;
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
                .append(sha256(CSS)).append("'; script-src '").append(sha256(JS)).append(paged ? "' 'self" : "")
                .append("'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>newskeeper report ").append(h(r.run().id())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(b, r);
        summary(b, r);
        changes(b, r);
        chart(b, r);
        flush(b, w);
        links(b, w, r, pages);
        findings(b, r);
        flush(b, w);
        problems(b, r);
        stages(b, r);
        b.append("<footer>Written by ").append(h(r.tool())).append(". Wayback Machine links are lookups for the reader;")
                .append(" the report fetched nothing. The same data is in report.json.</footer>\n")
                .append("</main>\n<script>").append(JS).append("</script>\n</body>\n</html>\n");
        flush(b, w);
    }

    private static void flush(StringBuilder b, Writer w) throws IOException {
        w.append(b);
        b.setLength(0);
    }

    private static List<Report.LinkProblem> review(Report r) {
        return r.links().stream().filter(Report.LinkProblem::needsReview).toList();
    }

    private static void header(StringBuilder b, Report r) {
        Report.RunInfo run = r.run();
        b.append("<header>\n<h1>newskeeper nightly report</h1>\n<p class=\"muted\">Run <strong>").append(h(run.id()))
                .append("</strong> · started ").append(h(Format.minute(run.started())));
        run.finished().ifPresent(f -> b.append(" · finished ").append(h(Format.minute(f))));
        b.append(" · corpus <span class=\"path\">").append(t(run.corpus())).append("</span> · ")
                .append(run.previous().map(p -> "compared with run " + h(p)).orElse("first recorded run"))
                .append("</p>\n</header>\n");
        b.append("<p class=\"verdict ").append(r.networkUnavailable() || r.hasNewProblems() ? "bad"
                : r.summary().firstRun() ? "first" : "good").append("\">").append(h(Verdict.of(r))).append("</p>\n");
    }

    private static void summary(StringBuilder b, Report r) {
        Report.Summary s = r.summary();
        b.append("<section id=\"summary\" aria-label=\"Summary\">\n<div class=\"cards\">\n");
        card(b, "", s.articles(), "articles", s.articlesWithErrors() + " with errors");
        card(b, "", s.errors(), "error findings", s.warnings() + " warnings");
        card(b, "", s.links(), "links checked", "distinct URLs");
        card(b, "dead", s.dead(), "dead", "confirmed: " + Report.CONFIRM_AFTER + " failures over " + Report.CONFIRM_HOURS + " h");
        card(b, "failing", s.failing(), "failing", "not yet confirmed");
        card(b, "failing", s.blocked(), "blocked", "the server would not say");
        card(b, "", s.triaged(), "triaged", "left out of the review");
        card(b, "", s.preserved(), "preserved", "we hold a capture");
        card(b, "", s.archivedElsewhere(), "archived elsewhere", "a public memento");
        card(b, s.lost() > 0 ? "failing" : "", s.lost(), "lost", "unless archived elsewhere");
        card(b, s.problems() > 0 ? "dead" : "", s.problems(), "archive problems", "from pack and verify");
        b.append("</div>\n<ul class=\"chips\" id=\"by-status\" aria-label=\"Links by status\">\n");
        for (Map.Entry<String, Long> e : new TreeMap<>(s.linksByStatus()).entrySet()) {
            b.append("<li>").append(h(e.getKey())).append(" <strong>").append(e.getValue()).append("</strong></li>\n");
        }
        if (s.linksByStatus().isEmpty()) {
            b.append("<li class=\"empty\">no link outcomes in this run</li>\n");
        }
        b.append("</ul>\n</section>\n");
    }

    private static void card(StringBuilder b, String cls, long n, String label, String note) {
        b.append("<div class=\"card ").append(cls).append("\"><span class=\"n\">").append(n).append("</span>")
                .append(h(label)).append("<br><small>").append(h(note)).append("</small></div>\n");
    }

    private static void changes(StringBuilder b, Report r) {
        Report.Changes c = r.changes();
        b.append("<section id=\"changes\">\n<h2>Since ")
                .append(r.run().previous().map(p -> "the previous run (" + h(p) + ")").orElse("the start (first run)"))
                .append("</h2>\n<div class=\"changes\">\n");
        b.append("<div class=\"card\" id=\"new\"><h3>New</h3><ul>\n");
        item(b, c.newArticles().size(), "article", "articles", c.newArticles());
        List<String> newFindings = c.newFindings().stream().map(HtmlReport::findingLine).toList();
        b.append("<li>").append(c.newFindings().size()).append(" findings (").append(c.newErrors()).append(" errors)");
        list(b, newFindings);
        b.append("</li>\n");
        item(b, c.newBroken().size(), "failing link", "failing links", c.newBroken());
        item(b, c.newlyConfirmed().size(), "newly dead link", "newly dead links", c.newlyConfirmed());
        item(b, c.newProblems().size(), "archive problem", "archive problems",
                c.newProblems().stream().map(p -> p.stage() + ": " + p.file() + (p.offset() >= 0 ? " @" + p.offset() : "")
                        + " " + p.kind() + ": " + p.message()).toList());
        b.append("</ul></div>\n<div class=\"card\" id=\"fixed\"><h3>Fixed</h3><ul>\n");
        item(b, c.fixed().size(), "link alive again", "links alive again", c.fixed());
        item(b, c.fixedFindings().size(), "finding gone", "findings gone",
                c.fixedFindings().stream().map(HtmlReport::findingLine).toList());
        item(b, c.removedArticles().size(), "article removed", "articles removed", c.removedArticles());
        b.append("</ul></div>\n<div class=\"card\" id=\"still\"><h3>Still failing</h3><ul>\n");
        item(b, c.stillBroken().size(), "link failing in both runs", "links failing in both runs", c.stillBroken());
        b.append("</ul></div>\n</div>\n</section>\n");
    }

    private static void item(StringBuilder b, int n, String one, String many, List<String> texts) {
        b.append("<li>").append(h(Counts.of(n, one, many)));
        list(b, texts);
        b.append("</li>\n");
    }

    private static void list(StringBuilder b, List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        b.append("<details><summary>show</summary><ul>");
        for (String text : texts.subList(0, Math.min(texts.size(), MAX_LIST))) {
            b.append("<li class=\"path\">").append(t(text)).append("</li>");
        }
        if (texts.size() > MAX_LIST) {
            b.append("<li class=\"empty\">and ").append(texts.size() - MAX_LIST).append(" more in report.json</li>");
        }
        b.append("</ul></details>");
    }

    private static String findingLine(Finding f) {
        return f.path() + ":" + f.line() + " " + f.severity().id() + " " + f.rule() + ": " + f.message();
    }

    private static void chart(StringBuilder b, Report r) {
        b.append("<section id=\"health\" class=\"chart\">\n<h2>Link health over the recorded runs</h2>\n");
        List<Report.HealthPoint> pts = r.health();
        long max = pts.stream().mapToLong(Report.HealthPoint::total).max().orElse(0);
        if (pts.isEmpty() || max == 0) {
            b.append("<p class=\"empty\">No link outcomes recorded yet.</p>\n</section>\n");
            return;
        }
        int width = 800;
        int height = 240;
        int left = 48;
        int right = 12;
        int top = 12;
        int bottom = 34;
        double slot = (double) (width - left - right) / pts.size();
        double bar = Math.max(2, Math.min(48, slot * 0.7));
        double scale = (double) (height - top - bottom) / max;
        b.append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Links per run by health: ok, redirected, failing, dead, other\""
                        + " xmlns=\"http://www.w3.org/2000/svg\">\n");
        b.append("<line x1=\"").append(left).append("\" y1=\"").append(height - bottom).append("\" x2=\"")
                .append(width - right).append("\" y2=\"").append(height - bottom).append("\" class=\"axis\"/>\n");
        b.append("<text x=\"").append(left - 6).append("\" y=\"").append(top + 10).append("\" text-anchor=\"end\" class=\"tick\">")
                .append(max).append("</text>\n<text x=\"").append(left - 6).append("\" y=\"").append(height - bottom)
                .append("\" text-anchor=\"end\" class=\"tick\">0</text>\n");
        for (int i = 0; i < pts.size(); i++) {
            Report.HealthPoint p = pts.get(i);
            double x = left + i * slot + (slot - bar) / 2;
            double y = height - bottom;
            b.append("<g><title>").append(h("run " + p.run() + ": " + p.ok() + " ok, " + p.redirected() + " redirected, "
                    + p.suspect() + " failing, " + p.broken() + " dead, " + p.other() + " not checked"))
                    .append("</title>\n");
            long[] parts = {p.broken(), p.suspect(), p.redirected(), p.ok(), p.other()};
            String[] cls = {"s-dead", "s-failing", "s-redir", "s-ok", "s-other"};
            for (int k = 0; k < parts.length; k++) {
                if (parts[k] == 0) {
                    continue;
                }
                double hgt = parts[k] * scale;
                y -= hgt;
                b.append(String.format(java.util.Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"%s\"/>%n",
                        x, y, bar, hgt, cls[k]));
            }
            b.append("</g>\n");
            boolean label = pts.size() <= 8 || i == 0 || i == pts.size() - 1;
            if (label) {
                b.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>%n",
                        x + bar / 2, height - bottom + 16, h(Format.tick(p.started()))));
            }
        }
        b.append("</svg>\n<ul class=\"legend\"><li><i class=\"k-ok\"></i>ok</li><li><i class=\"k-redir\"></i>redirected</li>"
                + "<li><i class=\"k-failing\"></i>failing</li><li><i class=\"k-dead\"></i>dead (confirmed)</li>"
                + "<li><i class=\"k-other\"></i>not checked</li></ul>\n</section>\n");
    }

    private static void links(StringBuilder b, Writer w, Report r, DataPages pages) throws IOException {
        List<Report.LinkProblem> review = review(r);
        b.append("<section id=\"links\">\n<h2>Failing links to review</h2>\n<p class=\"muted\">One row per URL; share links")
                .append(" that lead to it are folded in. Dead: ").append(h(Verdict.RULE)).append(".</p>\n");
        if (review.isEmpty()) {
            b.append("<p class=\"empty\">No failing links to review.</p>\n</section>\n");
            triaged(b, r);
            return;
        }
        TreeSet<String> statuses = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        TreeSet<String> sites = new TreeSet<>();
        TreeSet<String> roles = new TreeSet<>();
        for (Report.LinkProblem p : review) {
            statuses.add(p.status().id());
            hosts.add(p.host());
            roles.addAll(p.roles());
            p.citedBy().forEach(c -> sites.add(c.site()));
        }
        b.append("<div class=\"filters\" role=\"search\">\n");
        List<String[]> statusOptions = new ArrayList<>();
        statusOptions.add(new String[] {Report.DEAD, "dead"});
        statusOptions.add(new String[] {Report.FAILING, "failing"});
        statuses.forEach(s -> statusOptions.add(new String[] {s, "status " + s}));
        select(b, "f-status", "State", statusOptions);
        select(b, "f-role", "Role", roles.stream().map(x -> new String[] {x, Escape.bidiVisible(x)}).toList());
        // an <option> holds text only, no <bdi>: its bidi controls are shown by name
        select(b, "f-host", "Host", hosts.stream().map(x -> new String[] {x, Escape.bidiVisible(x)}).toList());
        select(b, "f-site", "Site", sites.stream().map(x -> new String[] {x, x.isEmpty() ? "(root)" : Escape.bidiVisible(x)}).toList());
        select(b, "f-age", "Age", List.of(new String[] {"0-1", "under a day"}, new String[] {"0-7", "under a week"},
                new String[] {"7-30", "1 to 4 weeks"}, new String[] {"30-", "over 30 days"}));
        List<String[]> sorts = new ArrayList<>();
        for (int i = 0; i < COLUMNS.length - 1; i++) {
            sorts.add(new String[] {i + ":ascending", COLUMNS[i] + " ↑"});
            sorts.add(new String[] {i + ":descending", COLUMNS[i] + " ↓"});
        }
        b.append("<label>Sort <select id=\"f-sort\"><option value=\"\">for review</option>");
        for (String[] o : sorts) {
            b.append("<option value=\"").append(h(o[0])).append("\">").append(h(o[1])).append("</option>");
        }
        b.append("</select></label>\n<label>Search <input id=\"f-text\" type=\"search\" placeholder=\"URL, title, file\"></label>\n")
                .append("<span id=\"links-count\" class=\"muted\" aria-live=\"polite\"></span>\n</div>\n")
                .append("<nav class=\"pager\" aria-label=\"Pages of the table\" hidden></nav>\n");
        b.append("<div class=\"scroll\">\n<table id=\"links-table\">\n<thead><tr>");
        for (int i = 0; i < COLUMNS.length; i++) {
            b.append("<th scope=\"col\">");
            if (i < COLUMNS.length - 1) {
                b.append("<button type=\"button\">").append(h(COLUMNS[i])).append("</button>");
            } else {
                b.append(h(COLUMNS[i]));
            }
            b.append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        flush(b, w);
        // the first page into the page itself, the others into data pages, each closed at PAGE_ROWS
        // rows or PAGE_BYTES bytes; a token ties the data pages to this report.html
        String token = java.util.UUID.randomUUID().toString();
        List<Integer> sizes = new ArrayList<>();
        StringBuilder page = new StringBuilder();
        StringBuilder row = new StringBuilder(8 * 1024);
        int inPage = 0;
        long bytes = 0;
        for (Report.LinkProblem p : review) {
            row.setLength(0);
            row(row, p);
            int size = utf8Length(row);
            if (inPage > 0 && (inPage == PAGE_ROWS || bytes + size > PAGE_BYTES)) {
                endPage(page, sizes, inPage, pages);
                inPage = 0;
                bytes = 0;
            }
            if (sizes.isEmpty()) {
                w.append(row);
            } else {
                if (inPage == 0) {
                    page.append("newskeeperRows(\"").append(token).append("\", ").append(sizes.size() + 1).append(", [\n");
                } else {
                    page.append(",\n");
                }
                page.append('"').append(JsonStringEncoder.getInstance().quoteAsString(row)).append('"');
            }
            inPage++;
            bytes += size;
        }
        endPage(page, sizes, inPage, pages);
        b.append("</tbody>\n</table>\n</div>\n");
        if (sizes.size() > 1) {
            b.append("<p class=\"muted\" id=\"pages-note\">This page holds rows 1 to ").append(sizes.get(0)).append(" of ")
                    .append(review.size()).append(" in review order; the other ").append(sizes.size() - 1)
                    .append(" pages are in <span class=\"path\">").append(DATA_DIR)
                    .append("/</span> beside it and load with script. The full list is in")
                    .append(" <span class=\"path\">broken-links.csv</span> and <span class=\"path\">report.json</span>.</p>\n");
        }
        b.append("<nav id=\"pager\" class=\"pager\" aria-label=\"Pages of the table\" hidden data-rows=\"").append(review.size())
                .append("\" data-page-rows=\"").append(PAGE_ROWS).append("\" data-pages=\"")
                .append(sizes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))
                .append("\" data-token=\"").append(token).append("\" data-src=\"").append(DATA_DIR).append("/rows-\"></nav>\n")
                .append("</section>\n");
        triaged(b, r);
    }

    /** Closes the page being filled: the first one is already in report.html, the others go to {@code pages}. */
    private static void endPage(StringBuilder page, List<Integer> sizes, int rows, DataPages pages) throws IOException {
        if (rows == 0) {
            return;
        }
        sizes.add(rows);
        if (sizes.size() > 1) {
            page.append("\n]);\n");
            pages.write(pageName(sizes.size()), page.toString());
            page.setLength(0);
        }
    }

    private static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** The triaged URLs, collapsed: decision, note, who and when; resolved ones (answering again) too. */
    private static void triaged(StringBuilder b, Report r) {
        List<Report.LinkProblem> triaged = r.links().stream().filter(p -> !p.needsReview()).toList();
        if (triaged.isEmpty() && r.resolved().isEmpty()) {
            return;
        }
        b.append("<section id=\"triaged\">\n<h2>Triaged links</h2>\n<details><summary>")
                .append(h(Counts.of(triaged.size(), "triaged link", "triaged links"))).append(" still failing, ")
                .append(r.resolved().size()).append(" resolved (answering again)</summary>\n<div class=\"scroll\"><table>")
                .append("<thead><tr><th>Decision</th><th>State</th><th>URL</th><th>Note</th><th>By</th><th>Cited by</th></tr></thead><tbody>\n");
        for (Report.LinkProblem p : triaged.subList(0, Math.min(MAX_LIST, triaged.size()))) {
            Report.Review t = p.triage().get();
            b.append("<tr data-decision=\"").append(h(t.decision())).append("\"><td data-label=\"Decision\">")
                    .append(h(t.decision()));
            t.replacement().ifPresent(x -> b.append("<br><small>").append(link(x, x)).append("</small>"));
            b.append("</td><td data-label=\"State\">").append(h(p.stateText())).append("</td><td data-label=\"URL\" class=\"url\">")
                    .append(link(p.url(), p.display())).append("</td><td data-label=\"Note\">").append(t(t.note().orElse("")))
                    .append("</td><td data-label=\"By\">").append(t(t.by())).append("<br><small>")
                    .append(h(Format.day(Optional.of(t.at())))).append("</small></td><td data-label=\"Cited by\" class=\"num\">")
                    .append(p.citations()).append("</td></tr>\n");
        }
        for (Report.Resolved x : r.resolved().subList(0, Math.min(MAX_LIST, r.resolved().size()))) {
            Report.Review t = x.triage();
            b.append("<tr data-decision=\"").append(h(t.decision())).append("\" class=\"resolved\"><td data-label=\"Decision\">")
                    .append(h(t.decision())).append("</td><td data-label=\"State\">resolved (").append(h(x.status().id()))
                    .append(")</td><td data-label=\"URL\" class=\"url\">").append(link(x.url(), x.display()))
                    .append("</td><td data-label=\"Note\">").append(t(t.note().orElse(""))).append("</td><td data-label=\"By\">")
                    .append(t(t.by())).append("<br><small>").append(h(Format.day(Optional.of(t.at()))))
                    .append("</small></td><td data-label=\"Cited by\"></td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
        if (triaged.size() > MAX_LIST || r.resolved().size() > MAX_LIST) {
            b.append("<p class=\"empty\">The first ").append(MAX_LIST).append(" of each are listed; all of them are in")
                    .append(" report.json and broken-links.csv.</p>\n");
        }
        b.append("</details>\n</section>\n");
    }

    private static void select(StringBuilder b, String id, String label, List<String[]> options) {
        b.append("<label>").append(h(label)).append(" <select id=\"").append(id).append("\"><option value=\"\">all</option>");
        for (String[] o : options) {
            b.append("<option value=\"").append(h(o[0])).append("\">").append(h(o[1])).append("</option>");
        }
        b.append("</select></label>\n");
    }

    static void row(StringBuilder b, Report.LinkProblem p) {
        List<String> sites = p.citedBy().stream().map(Report.Citing::site).distinct().sorted().toList();
        b.append("<tr data-state=\"").append(h(p.state())).append("\" data-status=\"").append(h(p.status().id()))
                .append("\" data-host=\"").append(h(p.host())).append("\" data-sites=\"").append(h(String.join("/", sites)))
                .append("\" data-roles=\"").append(h(String.join("/", p.roles())))
                .append("\" data-age=\"").append(p.ageDays()).append("\" data-new=\"").append(p.isNew()).append("\">");
        b.append("<td data-label=\"State\" data-sort=\"").append(h(p.state())).append("\"><span class=\"badge ")
                .append(h(p.state())).append("\">").append(h(p.state())).append("</span>");
        if (p.isNew()) {
            b.append("<span class=\"new\">new</span>");
        }
        b.append("<br><small>").append(h(p.stateText())).append("</small>");
        b.append("</td><td data-label=\"Status\" class=\"status\"><span class=\"nowrap\">").append(h(p.status().id()))
                .append(p.code().map(x -> " " + x).orElse("")).append("</span>");
        p.error().ifPresent(e -> b.append("<br><small>").append(t(e)).append("</small>"));
        b.append("</td><td data-label=\"URL\" class=\"url\">").append(link(p.url(), p.display()))
                .append("<br><small>").append(t(String.join(" ", p.hosts()))).append("</small>");
        if (p.boilerplate()) {
            b.append("<br><span class=\"badge boilerplate\">navigation/boilerplate</span>");
        }
        if (!p.sharedVia().isEmpty()) {
            b.append("<details><summary>also shared via ").append(h(Counts.of(p.sharedVia().size(), "share link", "share links")))
                    .append("</summary><ul>");
            for (Report.SharedVia v : p.sharedVia()) {
                b.append("<li>").append(link(v.url(), v.display())).append(" <small>").append(h(v.status().id()))
                        .append(v.code().map(x -> " " + x).orElse("")).append("</small></li>");
            }
            b.append("</ul></details>");
        }
        b.append("</td><td data-label=\"Cited by\" class=\"article\" data-sort=\"").append(p.citations()).append("\"><strong>")
                .append(h(Counts.of(p.citations(), "article", "articles"))).append("</strong>");
        List<Report.Citing> citing = p.citedBy();
        for (Report.Citing c : citing.subList(0, Math.min(FIRST_CITING, citing.size()))) {
            citing(b, c, "div");
        }
        if (citing.size() > FIRST_CITING) {
            b.append("<details><summary>all ").append(citing.size()).append("</summary><ul>");
            for (Report.Citing c : citing.subList(FIRST_CITING, Math.min(MAX_CITING, citing.size()))) {
                citing(b, c, "li");
            }
            if (citing.size() > MAX_CITING) {
                b.append("<li class=\"empty\">and ").append(citing.size() - MAX_CITING)
                        .append(" more in report.json and broken-links.csv</li>");
            }
            b.append("</ul></details>");
        }
        b.append("</td><td data-label=\"Roles\" class=\"nowrap\">").append(h(String.join(", ", p.roles()))).append("</td>");
        b.append("<td data-label=\"First seen\" class=\"nowrap\" data-sort=\"").append(epoch(p.firstSeen())).append("\">")
                .append(h(Format.day(p.firstSeen()))).append("</td>");
        b.append("<td data-label=\"Last alive\" class=\"nowrap\" data-sort=\"").append(epoch(p.lastOk())).append("\">")
                .append(h(Format.day(p.lastOk()))).append("</td>");
        b.append("<td data-label=\"Failures\" class=\"num\">").append(p.consecutiveFailures()).append("</td>");
        b.append("<td data-label=\"Redirects\" class=\"redirects\" data-sort=\"").append(p.redirects().size()).append("\">");
        if (!p.redirects().isEmpty()) {
            b.append("<ol class=\"chain\">");
            p.redirects().forEach(hop -> b.append("<li title=\"").append(h(Escape.bidiVisible(hop.url()))).append("\">")
                    .append(hop.code()).append(' ').append(t(Format.display(hop.url()))).append("</li>"));
            String last = p.finalUrl().orElse("?");
            b.append("<li title=\"").append(h(Escape.bidiVisible(last))).append("\">").append(t(Format.display(last))).append("</li></ol>");
        }
        b.append("</td><td data-label=\"Age (days)\" class=\"num\" title=\"days\">").append(p.ageDays()).append("</td>");
        b.append("<td data-label=\"Copy\" class=\"copy\">");
        copy(b, p);
        b.append("</td></tr>\n");
    }

    private static void citing(StringBuilder b, Report.Citing c, String tag) {
        b.append('<').append(tag).append(" class=\"citing\"><span class=\"title\">").append(c.title().map(HtmlReport::t).orElse("(no title)"))
                .append("</span> <small>").append(h(c.role())).append("</small><br><span class=\"path\">").append(t(c.path()))
                .append("</span></").append(tag).append('>');
    }

    private static void copy(StringBuilder b, Report.LinkProblem p) {
        Report.Copy c = p.copy();
        b.append("<span class=\"badge ").append(h(c.state())).append("\">").append(h(c.label())).append("</span>");
        if (c.state().equals("preserved")) {
            b.append("<br><small>captured ").append(h(c.captureDate().orElse(""))).append("<br><span class=\"path\">")
                    .append(t(c.warc().orElse(""))).append("</span><br><span class=\"path\">").append(t(c.recordId().orElse("")))
                    .append("</span></small>");
            c.replay().ifPresent(u -> b.append("<br><a href=\"").append(h(u))
                    .append("\" rel=\"noopener noreferrer\" target=\"_blank\" title=\"needs newskeeper serve\">replay</a>"));
        } else if (c.state().equals("archived-elsewhere")) {
            String label = c.archive().orElse("archive") + c.mementoDate().map(d -> ", " + Format.day(Optional.of(d))).orElse("");
            b.append("<br>").append(link(c.memento().orElse(""), label));
        } else {
            b.append("<br><a href=\"").append(h(p.wayback()))
                    .append("\" rel=\"noopener noreferrer\" target=\"_blank\">search the Wayback Machine</a>");
        }
    }

    private static String link(String url, String text) {
        Optional<String> href = Escape.href(url);
        String title = text.equals(url) ? "" : " title=\"" + h(Escape.bidiVisible(url)) + "\"";
        return href.map(u -> "<a href=\"" + h(u) + "\"" + title + " rel=\"noopener noreferrer nofollow\" target=\"_blank\">" + t(text) + "</a>")
                .orElse(t(text));
    }

    private static long epoch(Optional<Instant> t) {
        return t.map(Instant::toEpochMilli).orElse(0L);
    }

    private static void findings(StringBuilder b, Report r) {
        b.append("<section id=\"findings\">\n<h2>Validation findings by rule</h2>\n");
        if (r.findings().isEmpty()) {
            b.append("<p class=\"empty\">No findings: every file is well-formed.</p>\n</section>\n");
            return;
        }
        for (Report.RuleFindings rf : r.findings()) {
            b.append("<details class=\"findings\"").append(rf.errors() > 0 ? " open" : "").append("><summary><strong>")
                    .append(h(rf.rule())).append("</strong> — ").append(h(Counts.of(rf.errors(), "error", "errors")))
                    .append(", ").append(h(Counts.of(rf.warnings(), "warning", "warnings"))).append("</summary><ul>\n");
            for (Finding f : rf.findings().subList(0, Math.min(MAX_FINDINGS, rf.findings().size()))) {
                b.append("<li><span class=\"badge ").append(f.severity() == Severity.ERROR ? "dead" : "failing")
                        .append("\">").append(h(f.severity().id())).append("</span> <span class=\"path\">")
                        .append(t(f.path() + (f.line() > 0 ? ":" + f.line() : ""))).append("</span> ")
                        .append(t(f.message())).append("</li>\n");
            }
            if (rf.findings().size() > MAX_FINDINGS) {
                b.append("<li class=\"empty\">and ").append(rf.findings().size() - MAX_FINDINGS).append(" more in report.json</li>\n");
            }
            b.append("</ul></details>\n");
        }
        b.append("</section>\n");
    }

    private static void problems(StringBuilder b, Report r) {
        b.append("<section id=\"problems\">\n<h2>Archive verification</h2>\n");
        if (r.problems().isEmpty()) {
            b.append("<p class=\"empty\">No problems in what this run archived.</p>\n");
        } else {
            b.append("<ul>\n");
            for (RunProblem p : r.problems().subList(0, Math.min(MAX_LIST, r.problems().size()))) {
                b.append("<li><span class=\"path\">").append(t(p.file())).append(p.offset() >= 0 ? " @" + p.offset() : "")
                        .append("</span> <strong>").append(h(p.kind())).append("</strong> ").append(t(p.message()))
                        .append(" <small>(").append(h(p.stage().id())).append(")</small></li>\n");
            }
            if (r.problems().size() > MAX_LIST) {
                b.append("<li class=\"empty\">and ").append(r.problems().size() - MAX_LIST).append(" more in report.json</li>\n");
            }
            b.append("</ul>\n");
        }
        archives(b, r);
        b.append("</section>\n");
    }

    /** Each WARC file's last full verification (the nightly's rolling audit). */
    private static void archives(StringBuilder b, Report r) {
        if (r.archives().isEmpty()) {
            return;
        }
        b.append("<details id=\"archives\"><summary>").append(r.archives().size()).append(r.archives().size() == 1
                ? " WARC file" : " WARC files").append(": last full verification</summary>\n<table><thead><tr><th>WARC file</th>"
                + "<th>Last verified in full</th><th>Result</th><th>Tonight</th></tr></thead><tbody>\n");
        for (Report.Archive a : r.archives()) {
            b.append("<tr><td data-label=\"WARC file\" class=\"path\">")
                    .append(t(a.file())).append("</td><td data-label=\"Last verified in full\">")
                    .append(a.lastVerified().map(Instant::toString).map(HtmlReport::h).orElse("never"))
                    .append(a.overdue() ? " (audit overdue)" : "").append("</td><td data-label=\"Result\">")
                    .append(h(a.result().map(x -> x.equals("problems") ? a.problems() + " problems" : x).orElse("")))
                    .append("</td><td data-label=\"Tonight\">").append(a.readTonight() ? "read" : "")
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></details>\n");
    }

    private static void stages(StringBuilder b, Report r) {
        b.append("<section id=\"stages\">\n<h2>Stages</h2>\n<table><thead><tr><th>Stage</th><th>State</th><th>Count</th>"
                + "<th>Took</th><th>Account</th></tr></thead><tbody>\n");
        for (RunStage s : r.run().stages()) {
            long ms = java.time.Duration.between(s.started(), s.finished()).toMillis();
            b.append("<tr><td data-label=\"Stage\">").append(h(s.name().id())).append("</td><td data-label=\"State\">")
                    .append(h(s.state().id())).append("</td><td data-label=\"Count\" class=\"num\">").append(s.count())
                    .append("</td><td data-label=\"Took\" class=\"num\">").append(String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0))
                    .append("</td><td data-label=\"Account\">").append(t(s.message())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n</section>\n");
    }

    private static String h(String s) {
        return Escape.html(s);
    }

    /** Corpus text as element content, isolated so that its bidi controls cannot reorder the page around it. */
    private static String t(String s) {
        return "<bdi>" + Escape.html(s) + "</bdi>";
    }

    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
