package org.newskeeper.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.links.Link;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.Finding;
import org.newskeeper.rules.Rule;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.rules.Severity;
import org.newskeeper.rules.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates article files and prints findings grouped by file.",
            "Exit status: 0 when no finding has error severity, 1 when any does, 2 for usage errors or an unreadable PATH."})
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json }

    private static final JsonFactory JSON = new JsonFactory();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Article files or directories (searched for *.md).")
    List<Path> paths;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text (findings grouped by file) or json (one document). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: newskeeper.toml in the working directory, if any).")
    Path config;

    @Option(names = "--list-rules", description = "Print the rules with their ids and severities, and exit.")
    boolean listRules;

    @picocli.CommandLine.Mixin
    CorpusFlags.Exclude corpusFlags = new CorpusFlags.Exclude();

    @Option(names = "--jobs", paramLabel = "N",
            description = "Files parsed at once (default: the number of processors). Findings always come in path order.")
    Integer jobs;

    @Override
    public Integer call() throws IOException {
        Config cfg = config();
        RuleSettings settings = settings(cfg);
        CorpusSettings corpus = corpusFlags.settings(cfg);
        if (jobs != null && jobs < 1) {
            throw new UsageException("--jobs must be at least 1, not " + jobs);
        }
        Validator validator = jobs == null ? new Validator(settings, corpus) : new Validator(settings, corpus, jobs);
        PrintWriter out = spec.commandLine().getOut();
        if (listRules) {
            for (Rule r : validator.rules()) {
                out.printf("%-26s %-8s %s%n", r.id(), settings.severity(r).id(), r.description());
            }
            return Main.OK;
        }
        if (paths == null || paths.isEmpty()) {
            throw new UsageException("check: missing PATH (the article files or folders to check)");
        }
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UsageException(p + ": no such file or directory");
            }
            if (!Files.isReadable(p)) {
                throw new UsageException(p + ": permission denied");
            }
            if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
                throw new UsageException(p + ": not a file or directory");
            }
        }
        CorpusChecks.requireArticles(paths, corpus);
        Summary summary;
        try (Stream<CheckedArticle> checked = validator.validateAll(paths)) {
            summary = format == Format.json ? json(checked, out) : text(checked, out);
        } catch (UncheckedIOException e) {
            throw new UsageException("cannot read " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UsageException("cannot read " + e.getMessage(), e);
        }
        out.flush();
        return summary.errors > 0 ? Main.PROBLEMS : Main.OK;
    }

    private Config config() {
        try {
            return Config.load(Optional.ofNullable(config));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static RuleSettings settings(Config cfg) {
        try {
            return RuleSettings.read(cfg);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Totals over the run. */
    private static final class Summary {
        int files;
        int errors;
        int warnings;
        int valid;
        final java.util.Map<String, Integer> byRule = new java.util.TreeMap<>();

        void add(CheckedArticle c) {
            files++;
            boolean error = false;
            for (Finding f : c.findings()) {
                byRule.merge(f.rule(), 1, Integer::sum);
                if (f.severity() == Severity.ERROR) {
                    errors++;
                    error = true;
                } else {
                    warnings++;
                }
            }
            if (!error) {
                valid++;
            }
        }
    }

    private Summary text(Stream<CheckedArticle> checked, PrintWriter out) {
        Summary s = new Summary();
        checked.forEachOrdered(c -> {
            s.add(c);
            if (c.findings().isEmpty()) {
                return;
            }
            // with several PATHs, a path relative to its PATH is ambiguous: show the file as found
            String shown = paths.size() > 1 ? c.article().file().toString() : c.article().path();
            out.println(shown);
            for (Finding f : c.findings()) {
                out.printf("  %s:%d: %s [%s] %s%n", shown, f.line(), f.severity().id(), f.rule(), f.message());
            }
        });
        if (!s.byRule.isEmpty()) {
            StringBuilder rules = new StringBuilder("findings by rule:");
            s.byRule.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                    .forEach(e -> rules.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(','));
            out.println(rules.substring(0, rules.length() - 1));
        }
        out.printf("%d file%s checked: %d error%s, %d warning%s, %d valid%n", s.files, s.files == 1 ? "" : "s",
                s.errors, s.errors == 1 ? "" : "s", s.warnings, s.warnings == 1 ? "" : "s", s.valid);
        return s;
    }

    /**
     * One JSON document. The articles are streamed to a temporary file first so that {@code files}
     * and {@code summary} come before {@code articles} without holding every article in memory.
     */
    private Summary json(Stream<CheckedArticle> checked, PrintWriter out) throws IOException {
        Summary s = new Summary();
        Path spill = Files.createTempFile("newskeeper-check", ".json");
        try {
            try (JsonGenerator g = JSON.createGenerator(spill.toFile(), JsonEncoding.UTF8)) {
                g.writeStartArray();
                checked.forEachOrdered(c -> {
                    s.add(c);
                    try {
                        writeArticle(g, c);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                g.writeEndArray();
            }
            out.write("{\"files\": " + s.files + ", \"summary\": {\"errors\": " + s.errors + ", \"warnings\": "
                    + s.warnings + ", \"valid\": " + s.valid + "}, \"articles\": ");
            try (Reader r = Files.newBufferedReader(spill, StandardCharsets.UTF_8)) {
                r.transferTo(out);
            }
            out.write("}");
            out.println();
        } finally {
            Files.deleteIfExists(spill);
        }
        return s;
    }

    private static void writeArticle(JsonGenerator g, CheckedArticle c) throws IOException {
        Article a = c.article();
        g.writeStartObject();
        g.writeStringField("path", a.path());
        g.writeStringField("dialect", a.dialect().id());
        writeOptional(g, "timestamp", a.timestamp().map(Object::toString));
        writeOptional(g, "title", a.title());
        writeOptional(g, "source", a.source());
        writeOptional(g, "published", a.published().map(Object::toString));
        g.writeArrayFieldStart("links");
        for (Link l : a.links()) {
            g.writeStartObject();
            g.writeStringField("url", l.url());
            g.writeStringField("role", l.role().id());
            g.writeStringField("decoded", l.decoded());
            if (l.target().isPresent()) {
                g.writeStringField("target", l.target().get());
            }
            g.writeNumberField("line", l.line());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("findings");
        for (Finding f : c.findings()) {
            g.writeStartObject();
            g.writeStringField("rule", f.rule());
            g.writeStringField("severity", f.severity().id());
            g.writeNumberField("line", f.line());
            g.writeStringField("message", f.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeOptional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        } else {
            g.writeNullField(name);
        }
    }
}
