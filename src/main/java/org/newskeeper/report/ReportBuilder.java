package org.newskeeper.report;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.newskeeper.Version;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStore;
import org.newskeeper.linkstate.Confirmation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/** Builds the {@link Report} of a run from the run database, comparing it with the previous finished run. */
public final class ReportBuilder {
    /** How many runs the health chart shows at most. */
    public static final int HEALTH_RUNS = 60;

    private ReportBuilder() {
    }

    /** The report of {@code run}; {@code finished} is the time to show when the run is still writing it. */
    public static Report build(RunStore store, Run run, Optional<Instant> finished) throws IOException {
        Optional<Run> previous = store.previous(run);
        List<RunArticle> articles = store.articles(run.id());
        List<Finding> findings = store.findings(run.id());
        List<RunLink> links = store.links(run.id());
        List<RunArticle> prevArticles = previous.isPresent() ? store.articles(previous.get().id()) : List.of();
        List<Finding> prevFindings = previous.isPresent() ? store.findings(previous.get().id()) : List.of();
        Map<String, RunLink> prevLinks = previous.isPresent()
                ? store.links(previous.get().id()).stream().collect(Collectors.toMap(RunLink::url, l -> l, (a, b) -> a))
                : Map.of();

        Report.RunInfo info = new Report.RunInfo(run.id(), run.started(), run.finished().or(() -> finished),
                run.corpus(), previous.map(Run::id), store.stages(run.id()));
        var runProblems = store.problems(run.id());
        List<RunProblem> prevProblems = previous.isPresent() ? store.problems(previous.get().id()) : List.of();
        Report.Changes changes = changes(articles, prevArticles, findings, prevFindings, links, prevLinks,
                runProblems, prevProblems);
        Set<String> newBroken = new HashSet<>(changes.newBroken());
        Map<String, RunArticle> byPath = articles.stream()
                .collect(Collectors.toMap(RunArticle::path, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Report.LinkProblem> problems = links.stream()
                .filter(l -> isProblem(l.status()))
                .map(l -> problem(l, newBroken.contains(l.url()), run.started(), byPath))
                .sorted(Comparator.comparing((Report.LinkProblem p) -> !p.confirmed())
                        .thenComparing(p -> !p.isNew())
                        .thenComparing(Report.LinkProblem::host)
                        .thenComparing(Report.LinkProblem::url))
                .toList();

        Map<String, Long> byStatus = new TreeMap<>();
        for (RunLink l : links) {
            byStatus.merge(l.status().id(), 1L, Long::sum);
        }
        int errors = (int) findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        int broken = (int) problems.stream().filter(Report.LinkProblem::confirmed).count();
        Report.Summary summary = new Report.Summary(articles.size(),
                (int) articles.stream().filter(a -> a.errors() > 0).count(), errors, findings.size() - errors,
                links.size(), byStatus, broken, problems.size() - broken, runProblems.size());
        return new Report(Version.NAME + " " + Version.version(), info, summary, changes, problems, byRule(findings),
                health(store, run), runProblems, articles);
    }

    private static Report.Changes changes(List<RunArticle> articles, List<RunArticle> prevArticles,
            List<Finding> findings, List<Finding> prevFindings, List<RunLink> links, Map<String, RunLink> prevLinks,
            List<RunProblem> problems, List<RunProblem> prevProblems) {
        Set<String> paths = articles.stream().map(RunArticle::path).collect(Collectors.toSet());
        Set<String> prevPaths = prevArticles.stream().map(RunArticle::path).collect(Collectors.toSet());
        List<String> newArticles = articles.stream().map(RunArticle::path).filter(p -> !prevPaths.contains(p)).toList();
        List<String> removed = prevArticles.stream().map(RunArticle::path).filter(p -> !paths.contains(p)).toList();

        Set<String> keys = findings.stream().map(ReportBuilder::key).collect(Collectors.toSet());
        Set<String> prevKeys = prevFindings.stream().map(ReportBuilder::key).collect(Collectors.toSet());
        List<Finding> newFindings = findings.stream().filter(f -> !prevKeys.contains(key(f))).toList();
        List<Finding> fixedFindings = prevFindings.stream().filter(f -> !keys.contains(key(f))).toList();
        int newErrors = (int) newFindings.stream().filter(f -> f.severity() == Severity.ERROR).count();

        List<String> newBroken = new ArrayList<>();
        List<String> newlyConfirmed = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        List<String> still = new ArrayList<>();
        for (RunLink l : links) {
            RunLink before = prevLinks.get(l.url());
            boolean failing = isProblem(l.status());
            boolean failed = before != null && isProblem(before.status());
            if (failing && (!failed || l.isNew())) {
                // new since the previous run; a URL the link history saw for the first time is new too
                newBroken.add(l.url());
            }
            if (failing && failed && !l.isNew()) {
                still.add(l.url());
            }
            if (!failing && failed) {
                fixed.add(l.url());
            }
            if (failing && l.confirmed() && (before == null || !(failed && before.confirmed()))) {
                newlyConfirmed.add(l.url());
            }
        }
        Set<String> prevProblemKeys = prevProblems.stream().map(ReportBuilder::key).collect(Collectors.toSet());
        List<RunProblem> newProblems = problems.stream().filter(p -> !prevProblemKeys.contains(key(p))).toList();
        return new Report.Changes(newArticles, removed, newFindings, fixedFindings, newErrors, newBroken,
                newlyConfirmed, fixed, still, newProblems);
    }

    /**
     * Whether a URL with this status belongs in the broken-and-suspect table: a failure or an
     * inconclusive answer ({@code blocked}, never confirmed). Not-checked statuses are not: an
     * {@code invalid} URL is a defect of the article, reported among the findings.
     */
    private static boolean isProblem(LinkStatus status) {
        return status.kind() == LinkStatus.Kind.FAILURE || status.kind() == LinkStatus.Kind.INCONCLUSIVE;
    }

    private static String key(RunProblem p) {
        return p.stage() + "\u0000" + p.file() + "\u0000" + p.kind() + "\u0000" + p.message();
    }

    private static String key(Finding f) {
        return f.path() + "\u0000" + f.rule() + "\u0000" + f.severity() + "\u0000" + f.message();
    }

    private static Report.LinkProblem problem(RunLink l, boolean isNew, Instant at, Map<String, RunArticle> articles) {
        Optional<Instant> since = l.lastOk().or(l::firstSeen);
        long age = since.map(s -> Math.max(0, Duration.between(s, at).toDays())).orElse(0L);
        List<Report.Citing> citing = l.citations().stream().map(c -> {
            RunArticle a = articles.get(c.path());
            return new Report.Citing(c.path(), a == null ? RunArticle.siteOf(c.path()) : a.site(),
                    a == null ? Optional.empty() : a.title(), c.role());
        }).toList();
        return new Report.LinkProblem(l.url(), l.host(), l.status(), Confirmation.of(l.confirmed()), l.code(),
                l.finalUrl(), l.redirects(), l.error(), l.firstSeen(), l.lastOk(), l.consecutiveFailures(), isNew, age,
                wayback(l.url()), citing);
    }

    /** The Wayback Machine's lookup page for {@code url}: {@code https://web.archive.org/web/*}{@code /URL}. */
    public static String wayback(String url) {
        StringBuilder b = new StringBuilder("https://web.archive.org/web/*/");
        for (byte x : url.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}'".indexOf(c) >= 0) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static List<Report.RuleFindings> byRule(List<Finding> findings) {
        Map<String, List<Finding>> groups = new TreeMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(f.rule(), r -> new ArrayList<>()).add(f);
        }
        List<Report.RuleFindings> out = new ArrayList<>();
        groups.forEach((rule, fs) -> {
            List<Finding> sorted = fs.stream()
                    .sorted(Comparator.comparing(Finding::path).thenComparingInt(Finding::line)).toList();
            int e = (int) fs.stream().filter(f -> f.severity() == Severity.ERROR).count();
            out.add(new Report.RuleFindings(rule, e, fs.size() - e, sorted));
        });
        out.sort(Comparator.comparingInt((Report.RuleFindings r) -> -r.errors())
                .thenComparingInt(r -> -r.findings().size()).thenComparing(Report.RuleFindings::rule));
        return out;
    }

    private static List<Report.HealthPoint> health(RunStore store, Run run) throws IOException {
        List<Report.HealthPoint> out = new ArrayList<>();
        for (Map.Entry<Run, Map<RunStore.LinkCount, Long>> e : store.linkCounts(run, HEALTH_RUNS).entrySet()) {
            long ok = 0;
            long redirected = 0;
            long suspect = 0;
            long broken = 0;
            long other = 0;
            for (Map.Entry<RunStore.LinkCount, Long> c : e.getValue().entrySet()) {
                LinkStatus status = c.getKey().status();
                if (status == LinkStatus.OK) {
                    ok += c.getValue();
                } else if (status == LinkStatus.REDIRECTED) {
                    redirected += c.getValue();
                } else if (!isProblem(status)) {
                    other += c.getValue();
                } else if (c.getKey().confirmed()) {
                    broken += c.getValue();
                } else {
                    suspect += c.getValue();
                }
            }
            out.add(new Report.HealthPoint(e.getKey().id(), e.getKey().started(), ok, redirected, suspect, broken, other));
        }
        return out;
    }
}
