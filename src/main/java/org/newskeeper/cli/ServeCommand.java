package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.newskeeper.nightly.NightlyOptions;
import org.newskeeper.serve.ReviewServer;
import org.newskeeper.warc.PackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A local review server on 127.0.0.1: the latest report (CHECKS/latest/), triage from its pages,"
                + " and the replay of our WARC captures (/replay/<14 digits>/<url>). Prints its URL; Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder (default: checks/).")
    Path checks = NightlyOptions.DEFAULT_CHECKS;

    @Option(names = "--out", paramLabel = "DIR", description = "The WARC folder replayed (default: warc-output/).")
    Path warcs = PackOptions.DEFAULT_OUT;

    @Option(names = "--port", paramLabel = "N", description = "The port (default: 8470; 0 for any free port).")
    int port = 8470;

    @Option(names = "--bind", paramLabel = "ADDR", description = "A loopback address (default: 127.0.0.1); others are refused.")
    String bind = "127.0.0.1";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + ": expected 0 to 65535");
        }
        InetAddress address;
        try {
            // only literals and "localhost": no resolver is asked to turn a name into some other address
            if (!bind.equals("localhost") && !bind.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")) {
                throw new UsageException("--bind " + bind + ": give a loopback address (127.0.0.1 or ::1)");
            }
            address = InetAddress.getByName(bind.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new UsageException("--bind " + bind + ": not an address");
        }
        ReviewServer server;
        try {
            server = ReviewServer.start(address, port, checks, warcs, Clock.systemUTC());
        } catch (org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            err.println("newskeeper serve: " + e.getMessage());
            return Main.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                // stopping anyway
            }
            stopped.countDown();
        }, "newskeeper-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("serving " + server.url() + " (report from " + checks.resolve("latest") + ", " + server.replay().size()
                + " captures replayed from " + warcs + "); Ctrl-C stops");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                server.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IOException | IllegalStateException ignored) {
                // shutting down
            }
        }
        return Main.OK;
    }
}
