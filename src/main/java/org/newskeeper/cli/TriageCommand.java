package org.newskeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.newskeeper.linkstate.UrlKey;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.Triage;
import org.newskeeper.history.TriageStore;
import org.newskeeper.nightly.NightlyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "triage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Records a reviewer's decision about failing links, kept across runs in CHECKS/links.sqlite:"
                + " 'triage URL... --as handled|false-positive|replaced [--replacement URL] [--note TEXT]',"
                + " 'triage --list', 'triage --clear URL...'."})
final class TriageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "The URLs (as cited; matched by their normalised key).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--as", paramLabel = "DECISION", description = "handled, false-positive or replaced.")
    String as;

    @Option(names = "--replacement", paramLabel = "URL", description = "The http(s) URL that replaces it (with --as replaced).")
    String replacement;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept with the decision.")
    String note;

    @Option(names = "--list", description = "Lists every decision.")
    boolean list;

    @Option(names = "--clear", description = "Removes the decisions about the URLs.")
    boolean clear;

    @Option(names = "--checks", paramLabel = "DIR", description = "The checks folder (default: checks/).")
    Path checks = NightlyOptions.DEFAULT_CHECKS;

    @Option(names = "--db", paramLabel = "FILE", description = "The SQLite database (default: CHECKS/links.sqlite).")
    Path db;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int modes = (list ? 1 : 0) + (clear ? 1 : 0) + (as != null ? 1 : 0);
        if (modes != 1) {
            throw new UsageException("triage: give exactly one of --as DECISION, --list, --clear");
        }
        if (list && !urls.isEmpty()) {
            throw new UsageException("triage --list takes no URL");
        }
        if (!list && urls.isEmpty()) {
            throw new UsageException("triage: give at least one URL");
        }
        if (!(as != null) && (replacement != null || note != null)) {
            throw new UsageException("triage: --replacement and --note go with --as");
        }
        Optional<Triage.Decision> decision = Optional.empty();
        if (as != null) {
            decision = Triage.Decision.of(as);
            if (decision.isEmpty()) {
                throw new UsageException("triage --as " + as + ": unknown decision (expected " + Triage.Decision.ids() + ")");
            }
            if (decision.get() == Triage.Decision.REPLACED) {
                if (replacement == null) {
                    throw new UsageException("triage --as replaced needs --replacement URL");
                }
                requireHttpUrl(replacement);
            } else if (replacement != null) {
                throw new UsageException("triage --replacement goes only with --as replaced");
            }
        }
        Path file = db != null ? db : checks.resolve("links.sqlite");
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no link database (run newskeeper nightly or links first, or give --checks/--db)");
        }
        try (Database database = Database.open(file)) {
            TriageStore store = new TriageStore(database);
            if (list) {
                for (Triage t : store.all()) {
                    out.println(line(t));
                }
                out.flush();
                return Main.OK;
            }
            LinkHistory history = new LinkHistory(database, clock);
            for (String u : urls) {
                if (history.latest(u).isEmpty()) {
                    throw new UsageException(u + ": unknown URL (not in the link history of " + file + ")");
                }
            }
            if (clear) {
                for (String u : urls) {
                    out.println((store.clear(u) ? "cleared " : "was not triaged: ") + UrlKey.normalize(u));
                }
            } else {
                String who = System.getProperty("user.name", "unknown");
                for (String u : urls) {
                    Triage t = store.put(new Triage(u, decision.get(), Optional.ofNullable(replacement),
                            Optional.ofNullable(note), who, clock.instant()));
                    out.println(line(t));
                }
            }
            out.flush();
            return Main.OK;
        } catch (IOException e) {
            err.println("newskeeper triage: " + e.getMessage());
            return Main.INTERNAL;
        }
    }

    private static String line(Triage t) {
        return t.url() + "\t" + t.decision().id() + t.replacement().map(r -> " -> " + r).orElse("") + "\t" + t.by()
                + "\t" + t.at() + t.note().map(n -> "\t" + n).orElse("");
    }

    static void requireHttpUrl(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getHost().isEmpty()) {
                throw new UsageException("--replacement " + s + ": not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new UsageException("--replacement " + s + ": malformed URL at index " + e.getIndex() + ": " + e.getReason());
        }
    }
}
