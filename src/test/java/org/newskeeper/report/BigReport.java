package org.newskeeper.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.newskeeper.history.Database;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Severity;

/**
 * A report at the size of a real night, without the night: a run database filled through
 * {@link RunStore} with 64,000 articles, 11,000 failing URLs (a few navigation links cited by
 * hundreds of articles, share links folded into the URL they lead to, CJK titles, hostile text) and
 * about 64,000 citations, then every report written as the nightly job writes them
 * ({@code CHECKS/runs/<id>/} and {@code CHECKS/latest/}). Deterministic (a fixed seed).
 *
 * <p>Used by {@code PagedReportTest} (written to {@code target/big-report/checks}) and by the
 * Chromium check ({@code .ci/checks.d/30-report.sh}); run by hand with
 * {@code java -cp ... org.newskeeper.report.BigReport DIR [ARTICLES] [FAILING]}.
 */
public final class BigReport {
    static final int ARTICLES = 64_000;
    static final int FAILING = 11_000;
    /** Navigation and boilerplate links: each cited by hundreds of articles. */
    static final int NAVIGATION = 24;
    static final String[] SITES = {"rfi", "voa", "bbc", "dw", "nytimes-cn", "ft-cn"};
    static final String[] HOSTS = {"www.rfi.fr", "www.voachinese.com", "www.bbc.com", "www.dw.com", "cn.nytimes.com",
        "www.ftchinese.com", "twitter.com", "www.facebook.com", "youtu.be", "s.rfi.fr", "img.voanews.com"};
    static final Instant START = Instant.parse("2026-11-30T02:00:00Z");

    private BigReport() {
    }

    /** What was written: the run and its report folder. */
    record Written(Path checks, String runId, Path runDir, Path latest, int articles, int failing) {
    }

    public static void main(String[] args) throws IOException {
        Path checks = Path.of(args.length > 0 ? args[0] : "target/big-report/checks");
        int articles = args.length > 1 ? Integer.parseInt(args[1].replace(",", "")) : ARTICLES;
        int failing = args.length > 2 ? Integer.parseInt(args[2].replace(",", "")) : FAILING;
        long t0 = System.nanoTime();
        Written w = write(checks, articles, failing);
        System.out.printf(Locale.ROOT, "big report: %d articles, %d failing URLs, written in %.1f s: %s%n",
                w.articles(), w.failing(), (System.nanoTime() - t0) / 1e9, w.latest().resolve("report.html"));
        if (args.length > 3 && args[3].equals("--time")) {
            time(w);
        }
    }

    /** In process: the time to build the report from the database, then to write each format (after a warm-up round). */
    static void time(Written w) throws IOException {
        try (Database db = Database.open(w.checks().resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Run run = store.run(w.runId()).orElseThrow();
            for (int round = 1; round <= 2; round++) {
                long t0 = System.nanoTime();
                Report report = ReportBuilder.build(store, run, Optional.empty());
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d: build %.2f s", round,
                        (System.nanoTime() - t0) / 1e9));
                Path dir = Files.createTempDirectory(w.checks(), "time-");
                for (ReportWriter f : Reports.WRITERS) {
                    long t1 = System.nanoTime();
                    try (Writer out = Files.newBufferedWriter(dir.resolve(f.fileName()))) {
                        if (f instanceof HtmlReport html) {
                            html.write(report, out, (name, content) -> Files.writeString(dir.resolve(name), content));
                        } else {
                            f.write(report, out);
                        }
                    }
                    line.append(String.format(Locale.ROOT, ", %s %.2f s", f.fileName(), (System.nanoTime() - t1) / 1e9));
                }
                deleteTree(dir);
                Runtime rt = Runtime.getRuntime();
                System.out.println(line.append(String.format(Locale.ROOT, "; heap in use %d MB",
                        (rt.totalMemory() - rt.freeMemory()) >> 20)));
            }
        }
    }

    /** Fills a new database in {@code checks} (replacing what was there) and writes the reports. */
    static Written write(Path checks, int articles, int failing) throws IOException {
        deleteTree(checks);
        Files.createDirectories(checks);
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Run run = fill(store, articles, failing);
            Report report = ReportBuilder.build(store, run, Optional.of(START.plusSeconds(1800)));
            Path dir = checks.resolve("runs").resolve(run.id());
            Path latest = checks.resolve("latest");
            Reports.write(report, dir);
            Reports.publish(dir, latest);
            store.finish(run.id(), START.plusSeconds(1800), 1);
            return new Written(checks, run.id(), dir, latest, articles, failing);
        }
    }

    static Run fill(RunStore store, int articles, int failing) throws IOException {
        Random random = new Random(20261204L);
        Run run = store.begin("/corpus/synthetic-" + articles, "{}", START);
        List<RunArticle> list = new ArrayList<>(articles);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < articles; i++) {
            String site = SITES[i % SITES.length];
            String path = String.format(Locale.ROOT, "%s/%d/%02d/article-%06d.md", site, 2015 + i % 10, 1 + i % 12, i);
            String title = i == 7 ? ReportFixtures.HOSTILE_TITLE
                    : String.format(Locale.ROOT, "%s 新闻报道 %d：中国经济与世界 — news report number %d", site.toUpperCase(Locale.ROOT), i, i);
            list.add(new RunArticle(path, site, "canonical", Optional.of(title),
                    Optional.of("https://" + HOSTS[i % SITES.length] + "/a/" + i), Optional.of(START.minus(Duration.ofDays(i % 3000))),
                    0, i % 7 == 0 ? 1 : 0));
            if (i % 7 == 0) {
                findings.add(new Finding(i % 14 == 0 ? "slug-title-mismatch" : "title-long", Severity.WARNING, path, 2,
                        "the slug does not match the title (warning " + i + ")"));
            }
        }
        store.completeCheck(run.id(), list, findings, ReportFixtures.done("check", START, articles));

        List<RunLink> links = new ArrayList<>();
        LinkStatus[] statuses = {LinkStatus.BROKEN, LinkStatus.BROKEN, LinkStatus.BROKEN, LinkStatus.SERVER_ERROR,
            LinkStatus.TIMEOUT, LinkStatus.UNREACHABLE, LinkStatus.TLS_ERROR, LinkStatus.BROKEN, LinkStatus.BLOCKED};
        int citations = 0;
        for (int u = 0; u < failing; u++) {
            String host = HOSTS[u % HOSTS.length];
            String url = u < NAVIGATION
                    ? "https://" + host + "/nav/section-" + u
                    : String.format(Locale.ROOT, "https://%s/%s/%d/%%E4%%B8%%AD%%E5%%9B%%BD/story-%06d.html", host,
                            SITES[u % SITES.length], 2015 + u % 10, u);
            // navigation: cited by 300 to 1,000 articles; the rest by 1 to 8
            int cited = u < NAVIGATION ? 300 + random.nextInt(700) : 1 + random.nextInt(8);
            List<Citation> cs = new ArrayList<>(cited);
            int first = random.nextInt(articles);
            for (int k = 0; k < cited; k++) {
                int a = (first + k * 37) % articles;
                cs.add(Citation.of(list.get(a).path(), k % 5 == 0 ? Role.IMAGE : k % 3 == 0 ? Role.LINK : Role.SOURCE));
            }
            citations += cited;
            LinkStatus status = statuses[u % statuses.length];
            boolean confirmed = status != LinkStatus.BLOCKED && u % 3 == 0;
            int failures = confirmed ? 3 + u % 5 : 1 + u % 2;
            Optional<Integer> code = switch (status) {
                case BROKEN -> Optional.of(u % 2 == 0 ? 404 : 410);
                case SERVER_ERROR -> Optional.of(503);
                case BLOCKED -> Optional.of(403);
                default -> Optional.empty();
            };
            List<Redirect> redirects = u % 4 == 0 ? List.of(new Redirect(url.replace("https:", "http:"), 301)) : List.of();
            Optional<Instant> lastOk = u % 5 == 0 ? Optional.empty() : Optional.of(START.minus(Duration.ofDays(u % 90)));
            links.add(new RunLink(url, status, code, redirects.isEmpty() ? Optional.empty() : Optional.of(url), redirects,
                    status == LinkStatus.TIMEOUT ? Optional.of("no answer within 20 s") : Optional.empty(),
                    Optional.of(START.minus(Duration.ofDays(u % 400))), lastOk, failures, confirmed, false, u % 11 == 0, cs));
            if (u % 20 == 1) {
                // a share short link whose redirects lead to this URL: folded into its row
                String share = "https://rfi.my/" + Integer.toString(u, 36);
                links.add(new RunLink(share, status, code, Optional.of(url), List.of(new Redirect(share, 301)),
                        Optional.empty(), Optional.of(START.minus(Duration.ofDays(30))), Optional.empty(), failures,
                        confirmed, false, false, List.of(Citation.of(cs.get(0).path(), Role.SHARE))));
            }
        }
        for (int u = 0; u < failing; u++) {
            links.add(new RunLink("https://www.example-ok.org/page/" + u, LinkStatus.OK, Optional.of(200), Optional.empty(),
                    List.of(), Optional.empty(), Optional.of(START.minus(Duration.ofDays(100))), Optional.of(START), 0, false,
                    false, false, List.of(Citation.of(list.get(u % articles).path(), Role.LINK))));
        }
        store.completeLinks(run.id(), links, ReportFixtures.done("links", START, links.size()));
        store.completeProblems(run.id(), List.of(), ReportFixtures.done("verify", START, 0));
        return run;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
