package org.newskeeper.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.newskeeper.Activity;
import org.newskeeper.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code newskeeper} command line. Only this package knows picocli. */
@Command(
        name = "newskeeper",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Keeps a corpus of scraped news articles trustworthy: validation, link checking, WARC packaging.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    /**
     * The commands, in the order the usage lists them. A command line that starts with one of their
     * names gets only that command's model: picocli builds the model of every command it is given
     * (options, help texts, converters), and a one-file check took 0.33 s instead of 0.29 s building
     * nine commands it did not run. Anything else (no command, {@code help}, {@code --help},
     * {@code --version}, a name that is not a command) gets them all.
     */
    private static final List<Class<?>> COMMANDS = List.of(
            CheckCommand.class,
            LinksCommand.class,
            PackCommand.class,
            VerifyCommand.class,
            NightlyCommand.class,
            ReportCommand.class,
            DemoCommand.class,
            TriageCommand.class,
            ServeCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class);

    /** Exit code: success, nothing wrong. */
    public static final int OK = 0;
    /** Exit code: the command ran and found problems. */
    public static final int PROBLEMS = 1;
    /** Exit code: bad usage, bad configuration or an unreadable input. */
    public static final int USAGE = 2;
    /** Exit code: an internal failure. */
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Bare {@code newskeeper}: no command given is a usage error; the usage goes to standard error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** "1 article", "2 articles": a count with its noun, singular or plural. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable t) { // an Error thrown past run's own handler: still one line and exit 3
            try {
                System.err.println("newskeeper: " + Activity.describe(t, Thread.currentThread()));
            } catch (Throwable ignored) {
                // nothing more can be said
            }
            code = INTERNAL;
        }
        System.exit(code);
    }

    /** Runs the command line with standard output and error; returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /**
     * Runs the command line writing to the given streams; returns the exit code. Bidirectional
     * controls in what is printed are shown by name (see {@link BidiVisibleWriter}).
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        PrintWriter given = out;
        PrintWriter givenErr = err;
        out = new PrintWriter(new BidiVisibleWriter(given, jsonOutput(args)), true);
        err = new PrintWriter(new BidiVisibleWriter(givenErr, false), true);
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                commandLine.getErr().println("newskeeper: " + ex.getMessage());
                return USAGE;
            }
            commandLine.getErr().println("newskeeper: " + Activity.describe(ex, Thread.currentThread()));
            if (Boolean.getBoolean("newskeeper.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, params) -> {
            CommandLine failed = ex.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
            return USAGE;
        });
        cl.setExitCodeExceptionMapper(ex -> USAGE);
        cl.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult last = parseResult;
            while (last.subcommand() != null) {
                last = last.subcommand();
            }
            Activity.reset();
            Activity.stage(last.commandSpec().name());
            return new CommandLine.RunLast().execute(parseResult);
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (Error e) {
            // picocli passes Errors through: one line naming the stage and the file, never a stack trace
            err.println("newskeeper: " + Activity.describe(e, Thread.currentThread()));
            code = INTERNAL;
        }
        out.flush();
        err.flush();
        given.flush();
        givenErr.flush();
        return code;
    }

    /** The command line for {@code args}: with the command {@code args} start with, else with every command. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        Class<?> named = null;
        for (Class<?> c : COMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
                named = c;
            }
        }
        for (Class<?> c : COMMANDS) {
            if (named == null || c == named) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    /** Whether standard output is a JSON document ({@code --format json}). */
    private static boolean jsonOutput(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--format=json") || (args[i].equals("--format") && i + 1 < args.length
                    && args[i + 1].equals("json"))) {
                return true;
            }
        }
        return false;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.NAME + " " + Version.version()};
        }
    }
}
