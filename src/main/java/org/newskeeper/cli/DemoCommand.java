package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.newskeeper.config.Config;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.nightly.NightlyListener;
import org.newskeeper.nightly.NightlyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the nightly job on examples/corpus against a web double on loopback that serves the"
                + " pages and images the examples cite, with the faults real sites show (404, 410, redirect to the"
                + " home page, moved permanently, 429 with Retry-After, 503, slow, bot wall). The corpus's hosts are"
                + " sent to the double by the checker's own resolver; nothing goes to the network. Prints where"
                + " report.html is. Exit 0 when the run completed (the faults are the point), 3 when a stage failed."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder (default: a new temporary folder).")
    Path checks;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the WARC files go (default: a new temporary folder).")
    Path out;

    @Option(names = "--corpus", paramLabel = "DIR", description = "The corpus served and checked (default: examples/corpus).")
    Path corpus = Path.of("examples", "corpus");

    @Option(names = "--quiet", description = "No progress: print only errors, the nightly run's final three lines (summary, verdict, report path) and where to open the report.")
    boolean quiet;

    @Mixin
    LinkCheckFlags linkFlags = new LinkCheckFlags();

    /** Wraps the listener of the run (the kill tests pause a run through it); identity by default. */
    UnaryOperator<NightlyListener> listeners = UnaryOperator.identity();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(corpus)) {
            throw new UsageException(corpus + ": no such folder (run the demo from the project root, or give --corpus)");
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
        try (WebDouble site = DemoSite.start(corpus, DemoSite.EXAMPLE_FAULTS)) {
            if (!quiet) {
                err.println("demo: web double on http://" + site.address().getHostString() + ":" + site.address().getPort()
                        + " answering for " + String.join(", ", site.hosts()));
            }
            NightlyOptions options = n.options(Config.empty(), site.hostMap(), Clock.systemUTC());
            Path latest = n.checks.toAbsolutePath().resolve("latest").resolve("report.html");
            int code = NightlyCommand.run(options, n.links(Config.empty(), site.hostMap()),
                    listeners.apply(ConsoleProgress.of(err, quiet)),
                    stdout, err, html -> stdout.println("open " + latest.toUri()));
            stdout.flush();
            return code == Main.PROBLEMS ? Main.OK : code;
        }
    }
}
