package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.Durations;
import org.newskeeper.check.LinkCheck;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.check.LinkOutcome;
import org.newskeeper.check.LinkReport;
import org.newskeeper.check.LinkReportJson;
import org.newskeeper.check.LinkReportText;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.history.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "links", mixinStandardHelpOptions = true,
        description = {"Checks every link of the articles, with a nightly history.",
            "Exit 0 when nothing is confirmed broken, 1 when something is, 2 on bad usage."})
final class LinksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Article files or corpus folders.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--db", paramLabel = "FILE", description = "The history database (default: checks/links.sqlite).")
    Path db = Database.DEFAULT;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight at once (default: 32).")
    Integer concurrency;

    @Option(names = "--per-host", paramLabel = "N", description = "Requests in flight at once to one host (default: 2).")
    Integer perHost;

    @Option(names = "--per-host-interval", paramLabel = "MS", description = "Least time between two requests to one host, in ms (default: 100).")
    Long perHostInterval;

    @Option(names = "--timeout", paramLabel = "S", description = "Connect, read and request timeout in seconds (default: 20).")
    Double timeout;

    @Option(names = "--max-age", paramLabel = "DUR", description = "A URL seen alive this recently is not requested again: 7d, 12h, 0 (default: 7d).")
    String maxAge;

    @Option(names = "--confirm-after", paramLabel = "N", description = "Consecutive failures over at least 48 h before a failure is confirmed (default: 3).")
    Integer confirmAfter;

    @Option(names = "--retries", paramLabel = "N", description = "Retries after 5xx, 408, 429, timeouts and resets (default: 3).")
    Integer retries;

    @Option(names = "--allow-private", description = "Allow loopback, private and link-local addresses (refused by default).")
    boolean allowPrivate;

    @Option(names = "--proxy", paramLabel = "URL", description = "An HTTP proxy, http://host:port.")
    String proxy;

    @Option(names = "--user-agent", paramLabel = "UA", description = "The User-Agent (default: newskeeper/VERSION (+project url)).")
    String userAgent;

    @Option(names = "--no-soft-404-probe", description = "Do not probe a random URL per host to detect soft 404s.")
    boolean noProbe;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Exclude URLs matching this regular expression (repeatable; added to [links] exclude).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "The configuration (default: ./newskeeper.toml when present); reads [links].")
    Path config;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, not '" + format + "'");
        }
        LinkCheckOptions options = options();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UsageException(p + ": no such file or directory");
            }
        }
        Database database;
        try {
            database = Database.open(db);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            throw new UsageException(m.startsWith(db.toString()) ? m
                    : db + ": cannot open the history database (" + e.getClass().getSimpleName() + ": " + m + ")", e);
        }
        LinkReport report;
        try (database; Stream<Article> articles = articles()) {
            report = check(articles, options, database);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getCause().getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            LinkReportJson.write(report, out);
        } else {
            LinkReportText.write(report, out);
        }
        out.flush();
        return report.hasConfirmed() ? Main.PROBLEMS : Main.OK;
    }

    private LinkReport check(Stream<Article> articles, LinkCheckOptions options, Database database) throws IOException {
        if (System.console() == null) {
            return LinkCheck.run(articles, options, database);
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("links").setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).build()) {
            return LinkCheck.run(articles, options, database, new LinkCheck.Listener() {
                @Override
                public void started(int urls, int toRequest) {
                    bar.maxHint(urls);
                }

                @Override
                public void checked(LinkOutcome outcome) {
                    bar.step();
                }
            });
        }
    }

    private Stream<Article> articles() {
        return paths.stream().flatMap(p -> {
            try {
                return Corpus.files(p);
            } catch (IOException e) {
                throw new UsageException(p + ": cannot read: " + e.getMessage(), e);
            }
        }).map((CorpusFile f) -> ArticleParser.parse(f));
    }

    private LinkCheckOptions options() {
        LinkCheckOptions base;
        try {
            base = LinkCheckOptions.from(Config.load(Optional.ofNullable(config)));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        LinkCheckOptions.Builder b = base.toBuilder();
        try {
            if (concurrency != null) {
                b.concurrency(concurrency);
            }
            if (perHost != null) {
                b.perHost(perHost);
            }
            if (perHostInterval != null) {
                b.perHostInterval(Duration.ofMillis(perHostInterval));
            }
            if (timeout != null) {
                if (!(timeout > 0)) {
                    throw new IllegalArgumentException("--timeout must be positive");
                }
                b.timeout(Duration.ofMillis(Math.max(1, Math.round(timeout * 1000))));
            }
            if (maxAge != null) {
                b.maxAge(maxAge.strip().equals("0") ? Duration.ZERO : Durations.parse(maxAge));
            }
            if (confirmAfter != null) {
                b.confirmAfter(confirmAfter);
            }
            if (retries != null) {
                b.maxRetries(retries);
            }
            if (allowPrivate) {
                b.addressPolicy(AddressPolicy.ALLOW_PRIVATE);
            }
            if (proxy != null) {
                b.proxy(Optional.of(URI.create(proxy)));
            }
            if (userAgent != null) {
                b.userAgent(userAgent);
            }
            if (noProbe) {
                b.softNotFoundProbe(false);
            }
            if (!exclude.isEmpty()) {
                List<Pattern> patterns = new ArrayList<>(base.exclude());
                for (String e : exclude) {
                    try {
                        patterns.add(Pattern.compile(e));
                    } catch (PatternSyntaxException x) {
                        throw new UsageException("--exclude: bad regular expression '" + e + "': " + x.getDescription());
                    }
                }
                b.exclude(patterns);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
