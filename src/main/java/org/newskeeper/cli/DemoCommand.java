package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.newskeeper.check.HostMap;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.config.Config;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.history.Database;
import org.newskeeper.history.Preservation;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStore;
import org.newskeeper.nightly.ArchiveLookupStage;
import org.newskeeper.nightly.LinksStage;
import org.newskeeper.nightly.Nightly;
import org.newskeeper.nightly.NightlyListener;
import org.newskeeper.nightly.NightlyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the nightly job twice on examples/corpus against a web double on loopback that serves the"
                + " pages and images the examples cite, with the faults real sites show (404, 410, redirect to the"
                + " home page, moved permanently, 429 with Retry-After, 503, slow, bot wall), and answers as a public"
                + " web archive's Memento TimeGate (" + DemoSite.TIMEGATE_HOST + ") for some dead links. Between the two"
                + " nights a page that the first night captured dies, so that the second night's report shows both kinds"
                + " of copy: ours (replayed by 'newskeeper serve') and a public memento. The corpus's hosts and the"
                + " TimeGate are reached through the checker's own resolver; nothing goes to the network. Prints where"
                + " report.html is. Exit 0 when the runs completed (the faults are the point), 3 when a stage failed."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder (default: a new temporary folder).")
    Path checks;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the WARC files go (default: a new temporary folder).")
    Path out;

    @Option(names = "--corpus", paramLabel = "DIR", description = "The corpus served and checked (default: examples/corpus).")
    Path corpus = Path.of("examples", "corpus");

    @Option(names = "--quiet", description = "No progress: print only errors, each night's final three lines (summary, verdict, report path), the copies of the failing links and where to open the report.")
    boolean quiet;

    @Option(names = "--nights", paramLabel = "N", description = "How many nightly runs (default: 2; with 1, only the first:"
            + " nothing is made to fail in between, so two demos of one night each on the same --checks and --out are a"
            + " night on an unchanged corpus, as bench/nightly.sh runs them).")
    int nights = NIGHTS;

    @Option(names = "--archive-rate", paramLabel = "R", description = "Lookups per second at the double's TimeGate"
            + " (default: ${DEFAULT-VALUE}; a public archive is asked at 1 a second, [archives] rate). bench/nightly.sh"
            + " raises it with the rest of the politeness, to measure the tool rather than the wait.")
    double archiveRate = DemoSite.ARCHIVE_RATE;

    @Mixin
    LinkCheckFlags linkFlags = new LinkCheckFlags();

    /** Wraps the listener of the run (the kill tests pause a run through it); identity by default. */
    UnaryOperator<NightlyListener> listeners = UnaryOperator.identity();

    /** How many nights the demo runs: the second sees a link that the first captured dead. */
    static final int NIGHTS = 2;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(corpus)) {
            throw new UsageException(corpus + ": no such folder (run the demo from the project root, or give --corpus)");
        }
        if (nights < 1 || nights > NIGHTS) {
            throw new UsageException("--nights: expected 1 or " + NIGHTS + ", got " + nights);
        }
        if (!(archiveRate > 0) || Double.isInfinite(archiveRate)) {
            throw new UsageException("--archive-rate: expected lookups per second above 0, got " + archiveRate);
        }
        if (checks != null) {
            NightlyCommand.requireFolder("--checks", checks);
        }
        if (out != null) {
            NightlyCommand.requireFolder("--out", out);
        }
        Path temp = null;
        if (checks == null || out == null) {
            temp = Files.createTempDirectory("newskeeper-demo-");
        }
        NightlyCommand n = new NightlyCommand();
        n.corpus = corpus;
        n.checks = checks != null ? checks : temp.resolve("checks");
        n.out = out != null ? out : temp.resolve("warc-output");
        n.allowPrivate = true;
        n.linkFlags = linkFlags;
        try (WebDouble site = DemoSite.startExample(corpus)) {
            HostMap hosts = site.hostMap();
            if (!quiet) {
                err.println("demo: web double on http://" + site.address().getHostString() + ":" + site.address().getPort()
                        + " answering for " + String.join(", ", site.hosts()) + "; " + DemoSite.TIMEGATE_HOST
                        + " answers as a Memento TimeGate ([archives] timegates = [\"" + DemoSite.timeGatePrefix() + "\"])");
            }
            NightlyOptions options = n.options(Config.empty(), hosts, Clock.systemUTC());
            Nightly.LinkStage links = new LinksStage(corpus, linkOptions(hosts));
            Optional<Nightly.ArchiveStage> archives = Optional.of(new ArchiveLookupStage(DemoSite.archiveOptions(site).withRate(archiveRate)));
            Path latest = n.checks.toAbsolutePath().resolve("latest").resolve("report.html");
            int code = Main.OK;
            for (int night = 1; night <= nights; night++) {
                if (night > 1) {
                    List<String> killed = DemoSite.startSecondNight(site, corpus);
                    if (!quiet) {
                        err.println("demo: night " + night + " of " + nights + ": now dead (404), alive and captured on night 1: "
                                + String.join(" ", killed));
                    }
                } else if (!quiet) {
                    err.println("demo: night 1 of " + nights);
                }
                AtomicBoolean written = new AtomicBoolean();
                code = NightlyCommand.run(options, links, archives, listeners.apply(ConsoleProgress.of(err, quiet)),
                        stdout, err, html -> written.set(true));
                if (code == Main.USAGE || code == Main.INTERNAL) {
                    // refused by the lock (nothing written), or a stage failed: the next night would show nothing more
                    if (written.get()) {
                        stdout.println("open " + latest.toUri());
                    }
                    stdout.flush();
                    return code;
                }
            }
            if (!quiet) {
                err.println("demo: our copies replay with: newskeeper serve --checks " + n.checks + " --out " + n.out);
                err.flush();
            }
            stdout.println(copies(options.database()));
            stdout.println("open " + latest.toUri());
            stdout.flush();
            return code == Main.PROBLEMS ? Main.OK : code;
        }
    }

    /**
     * The link options of the demo: the flags over the defaults, except where no flag is given: every
     * URL is requested each night ({@code --max-age 0}: the second night follows the first within
     * seconds and must see the link that died), a failure is retried once ({@code --retries 1}) and
     * requests to one host are not spaced ({@code --per-host-interval 0}): the double is on loopback,
     * and two nights stay quick.
     */
    LinkCheckOptions linkOptions(HostMap hosts) {
        LinkCheckOptions.Builder b = linkFlags.options(Config.empty(), hosts, true).toBuilder();
        if (linkFlags.maxAge == null) {
            b.maxAge(Duration.ZERO);
        }
        if (linkFlags.retries == null) {
            b.maxRetries(1);
        }
        if (linkFlags.perHostInterval == null) {
            b.perHostInterval(Duration.ZERO);
        }
        return b.build();
    }

    /**
     * One line: where copies of the latest run's failing links are, e.g. {@code copies of 14 failing
     * links: 1 preserved (our capture), 3 archived elsewhere, 10 lost}.
     */
    static String copies(Path database) throws IOException {
        try (Database db = Database.open(database)) {
            RunStore store = new RunStore(db);
            Optional<Run> run = store.latestFinished();
            List<String> failing = new ArrayList<>();
            if (run.isPresent()) {
                for (RunLink l : store.links(run.get().id())) {
                    if (l.status().isFailure() || l.status() == LinkStatus.BLOCKED) {
                        failing.add(l.url());
                    }
                }
            }
            Map<String, Preservation.Copy> copies = Preservation.of(db, failing);
            Map<Preservation.State, Integer> c = Preservation.counts(copies.values());
            return "copies of " + copies.size() + " failing links: " + c.get(Preservation.State.PRESERVED)
                    + " preserved (our capture), " + c.get(Preservation.State.ARCHIVED_ELSEWHERE) + " archived elsewhere, "
                    + c.get(Preservation.State.LOST) + " lost";
        }
    }
}
