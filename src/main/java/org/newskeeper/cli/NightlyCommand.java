package org.newskeeper.cli;

import org.newskeeper.Counts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;
import org.newskeeper.check.TimeGateOptions;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.nightly.ArchiveLookupStage;
import org.newskeeper.nightly.LinksStage;
import org.newskeeper.nightly.Nightly;
import org.newskeeper.nightly.NightlyListener;
import org.newskeeper.nightly.NightlyLock;
import org.newskeeper.nightly.NightlyOptions;
import org.newskeeper.nightly.NightlyResult;
import org.newskeeper.report.Report;
import org.newskeeper.report.Verdict;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "nightly", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The nightly run: check, links, pack (with capture), verify, then reports in"
                + " CHECKS/runs/<run-id>/ copied to CHECKS/latest/. A run killed at any point is completed by the"
                + " next start. Exit 0 when nothing new is wrong since the previous run, 1 when something is,"
                + " 2 for usage or configuration errors (or another run holding the checks folder), 3 when a stage failed."})
final class NightlyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CORPUS", description = "The corpus root.")
    Path corpus;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder: database, lock, reports (default: checks/).")
    Path checks;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the WARC files go (default: warc-output/).")
    Path out;

    @Option(names = "--db", paramLabel = "FILE", description = "The SQLite database (default: CHECKS/links.sqlite).")
    Path db;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ./newskeeper.toml when present).")
    Path configFile;

    @Option(names = "--quiet", description = "No progress: print only errors and the final three lines (summary, verdict, report path).")
    boolean quiet;

    @Option(names = "--keep-runs", paramLabel = "N", description = "Finished runs that keep their details in the database; older ones keep their counts (default: 60).")
    Integer keepRuns;

    @Option(names = "--no-capture", description = "Do not capture source pages and images into the WARCs.")
    boolean noCapture;

    @Option(names = "--no-archive-lookup", description = "Do not ask public web archives (Memento TimeGates, [archives]) for copies of failing links.")
    boolean noArchiveLookup;

    @Option(names = "--allow-private", description = "Allow loopback, private and link-local addresses (refused by default).")
    boolean allowPrivate;

    @Option(names = "--allow-shrink", description = "Run even when the corpus has shrunk by more than [nightly] max_shrink"
            + " (default 20 %%) since the last finished run (refused by default: a corpus that vanished is not a night's news).")
    boolean allowShrink;

    @Option(names = "--audit-every", paramLabel = "DURATION", description = "Verify every WARC file in full again at least"
            + " this often: each night reads tonight's files plus a rolling slice of older ones (default: 30d, [nightly] audit_every).")
    String auditEvery;

    @Mixin
    PackFlags packFlags = new PackFlags();

    @Mixin
    CorpusFlags.FilesOnly corpusFlags = new CorpusFlags.FilesOnly();

    @Mixin
    LinkCheckFlags linkFlags = new LinkCheckFlags();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Config config = config(configFile);
        NightlyOptions options = options(config, HostMap.NONE, Clock.systemUTC());
        return run(options, links(config, HostMap.NONE), archives(config, HostMap.NONE), ConsoleProgress.of(err, quiet),
                out, err, html -> { });
    }

    /** The archive step: the {@code [archives]} table, off with {@code --no-archive-lookup}. */
    Optional<Nightly.ArchiveStage> archives(Config config, HostMap hostMap) {
        try {
            TimeGateOptions t = TimeGateOptions.read(config).withHostMap(hostMap)
                    .withAddressPolicy(allowPrivate ? AddressPolicy.ALLOW_PRIVATE : AddressPolicy.PUBLIC_ONLY);
            if (noArchiveLookup || !t.enabled()) {
                return Optional.empty();
            }
            return Optional.of(new ArchiveLookupStage(t));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static Config config(Path file) {
        try {
            return Config.load(Optional.ofNullable(file));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The options from the flags over the {@code [nightly]} and {@code [pack]} tables over the defaults. */
    NightlyOptions options(Config config, HostMap hostMap, Clock clock) {
        if (!Files.isDirectory(corpus)) {
            throw new UsageException(corpus + ": " + (Files.exists(corpus) ? "not a folder" : "no such corpus folder"));
        }
        if (!Files.isReadable(corpus)) {
            throw new UsageException(corpus + ": permission denied");
        }
        try {
            NightlyOptions.Table table = NightlyOptions.from(config);
            Path checksDir = checks != null ? checks : table.checks().orElse(NightlyOptions.DEFAULT_CHECKS);
            requireFolder("--checks", checksDir);
            RuleSettings rules = RuleSettings.read(config);
            PackOptions.Builder b = PackOptions.builder(corpus).config(config).rules(rules).capture(!noCapture)
                    .corpusSettings(corpusFlags.settings(config))
                    .addressPolicy(allowPrivate ? AddressPolicy.ALLOW_PRIVATE : AddressPolicy.PUBLIC_ONLY)
                    .hostMap(hostMap)
                    .database(db != null ? db : checksDir.resolve("links.sqlite"));
            table.out().ifPresent(b::out);
            if (!noCapture) {
                table.capture().ifPresent(b::capture);
            }
            if (out != null) {
                b.out(out);
            }
            packFlags.applyTo(b);
            if (keepRuns != null && keepRuns < 1) {
                throw new UsageException("--keep-runs must be at least 1: " + keepRuns);
            }
            int keep = keepRuns != null ? keepRuns : table.keepRuns().orElse(NightlyOptions.DEFAULT_KEEP_RUNS);
            double maxShrink = maxShrink(config);
            PackOptions pack = b.build();
            pack.requireUsablePaths();
            java.time.Duration every = table.auditEvery().orElse(NightlyOptions.DEFAULT_AUDIT_EVERY);
            if (auditEvery != null) {
                try {
                    every = org.newskeeper.config.Durations.parse(auditEvery);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--audit-every: " + e.getMessage(), e);
                }
                if (every.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                    throw new UsageException("--audit-every " + auditEvery + ": must be at least 1s (e.g. 30d)");
                }
            }
            return new NightlyOptions(checksDir, rules, pack, clock, keep).withShrink(maxShrink, allowShrink)
                    .withAuditEvery(every);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** {@code [nightly] max_shrink}: a share between 0 and 1 ({@code 0.2}) or a percentage string ({@code "20%"}). */
    static double maxShrink(Config config) throws ConfigException {
        com.fasterxml.jackson.databind.JsonNode v = config.section(NightlyOptions.TABLE).path("max_shrink");
        if (v.isMissingNode() || v.isNull()) {
            return NightlyOptions.DEFAULT_MAX_SHRINK;
        }
        double share = Double.NaN;
        if (v.isNumber()) {
            share = v.doubleValue();
        } else if (v.isTextual() && v.textValue().strip().endsWith("%")) {
            try {
                share = Double.parseDouble(v.textValue().strip().replace("%", "").strip()) / 100;
            } catch (NumberFormatException e) {
                share = Double.NaN;
            }
        }
        if (!(share >= 0 && share <= 1)) {
            throw new ConfigException(config.describe(NightlyOptions.TABLE) + " max_shrink: expected a share from 0 to 1 (0.2) or a"
                    + " percentage (\"20%\"), got " + v);
        }
        return share;
    }

    /**
     * Refuses a folder that is a regular file or lies under one, without creating anything: a one-line
     * {@link UsageException} naming the flag and the path.
     */
    static void requireFolder(String flag, Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new UsageException(flag + " " + dir + ": not a directory");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return;
            }
            if (Files.exists(p)) {
                throw new UsageException(flag + " " + dir + ": " + p + " is not a directory");
            }
        }
    }

    /** The links stage: the {@code [links]} table and the flags over the defaults. */
    Nightly.LinkStage links(Config config, HostMap hostMap) {
        return new LinksStage(corpus, linkFlags.options(config, hostMap, allowPrivate), corpusFlags.settings(config));
    }

    /** Runs the nightly job and prints where the reports are; returns the exit code. */
    static int run(NightlyOptions options, Nightly.LinkStage links, NightlyListener listener, PrintWriter out,
            PrintWriter err) {
        return run(options, links, listener, out, err, html -> { });
    }

    /**
     * Runs the nightly job and prints where the reports are; {@code written} is told the report
     * only when this run wrote one (not when the checks folder was locked or the run failed before).
     */
    static int run(NightlyOptions options, Nightly.LinkStage links, NightlyListener listener, PrintWriter out,
            PrintWriter err, java.util.function.Consumer<Path> written) {
        return run(options, links, Optional.empty(), listener, out, err, written);
    }

    /** As {@link #run(NightlyOptions, Nightly.LinkStage, NightlyListener, PrintWriter, PrintWriter, java.util.function.Consumer)}, with an archive step after links. */
    static int run(NightlyOptions options, Nightly.LinkStage links, Optional<Nightly.ArchiveStage> archives,
            NightlyListener listener, PrintWriter out, PrintWriter err, java.util.function.Consumer<Path> written) {
        NightlyResult result;
        try {
            result = new Nightly(options, links, archives, listener).run();
        } catch (NightlyLock.LockedException | Nightly.CorpusRefusedException e) {
            err.println("newskeeper nightly: " + e.getMessage());
            return Main.USAGE;
        } catch (IOException e) {
            err.println("newskeeper nightly: " + e.getMessage());
            return Main.INTERNAL;
        }
        Report r = result.report();
        out.println(r.run().id() + ": " + Counts.of(r.summary().articles(), "article", "articles") + ", "
                + Counts.of(r.summary().errors(), "error", "errors") + ", "
                + Counts.of(r.summary().warnings(), "warning", "warnings") + "; "
                + Counts.of(r.summary().links(), "link", "links") + ", " + Verdict.counts(r.summary()) + ", "
                + r.summary().triaged() + " triaged; "
                + Counts.of(r.summary().problems(), "archive problem", "archive problems"));
        out.println(result.exitCode() == NightlyResult.OK || result.exitCode() == NightlyResult.NEW_PROBLEMS
                ? Verdict.of(r) : r.networkUnavailable() ? Verdict.of(r) : "A stage failed: see the report.");
        out.println("report: " + result.html());
        out.flush();
        written.accept(result.html());
        return result.exitCode();
    }
}
