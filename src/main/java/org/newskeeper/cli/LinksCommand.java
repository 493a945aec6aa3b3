package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.newskeeper.check.HostMap;
import org.newskeeper.check.LinkCheck;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.check.Resume;
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
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.history.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /** The link checker's flags, shared with nightly and demo. */
    @Mixin
    LinkCheckFlags checker = new LinkCheckFlags();

    @Option(names = "--allow-private", description = "Allow loopback, private and link-local addresses (refused by default).")
    boolean allowPrivate;

    @Option(names = "--no-resume", description = "Start a new run even when the latest run was interrupted (by default an"
            + " interrupted run started less than 12 h ago (resume_within) is completed: what it observed is not requested again).")
    boolean noResume;

    @Option(names = "--config", paramLabel = "FILE", description = "The configuration (default: ./newskeeper.toml when present); reads [links] and [corpus].")
    Path config;

    @Mixin
    CorpusFlags.FilesOnly corpusFlags = new CorpusFlags.FilesOnly();

    private CorpusSettings corpusSettings = CorpusSettings.defaults();

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, not '" + format + "'");
        }
        LinkCheckOptions options = options();
        CorpusChecks.requireArticles(paths, corpusSettings);
        CorpusChecks.requireNamedArticles(paths);
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
        if (report.unavailable().isPresent()) {
            if (format.equals("json")) { // the text already ends with it
                spec.commandLine().getErr().println(report.unavailable().get());
            }
            return Main.INTERNAL;
        }
        return report.hasConfirmed() ? Main.PROBLEMS : Main.OK;
    }

    private LinkReport check(Stream<Article> articles, LinkCheckOptions options, Database database) throws IOException {
        // With several PATHs a path relative to its PATH is ambiguous: name the file as found (as check does).
        // The articles are parsed as the link checker groups their links, not all first into a list.
        Stream<Article> requests = paths.size() > 1 ? articles.map(a -> new Article(a.file().toString(), a.file(),
                a.dialect(), a.timestamp(), a.title(), a.source(), a.published(), a.links())) : articles;
        if (System.console() == null) {
            return new LinkCheck(database).run(requests, options, LinkCheck.QUIET);
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("links").setInitialMax(-1)
                .setRenderer(Spinner.renderer(false)).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).build()) {
            return new LinkCheck(database).run(requests, options, new LinkCheck.Listener() {
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
                return Corpus.files(p, corpusSettings);
            } catch (IOException e) {
                throw new UsageException(p + ": cannot read: " + e.getMessage(), e);
            }
        }).map((CorpusFile f) -> ArticleParser.parse(f));
    }

    private LinkCheckOptions options() {
        Config cfg;
        try {
            cfg = Config.load(Optional.ofNullable(config));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        corpusSettings = corpusFlags.settings(cfg);
        LinkCheckOptions options = checker.options(cfg, HostMap.NONE, allowPrivate);
        return noResume ? options.toBuilder().resume(Resume.NEVER).build() : options;
    }
}
