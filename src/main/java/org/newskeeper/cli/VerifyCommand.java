package org.newskeeper.cli;

import org.newskeeper.Counts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.newskeeper.warc.InputException;
import org.newskeeper.warc.Problem;
import org.newskeeper.warc.VerifyReport;
import org.newskeeper.warc.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verifies WARC files (digests, WARC 1.1 fields, gzip framing, references, CDXJ indexes),"
                + " WACZ packages (zip, datapackage.json hashes and sizes, the WARCs in archive/, the index, pages.jsonl)"
                + " and, with --corpus, the corpus's fixity against the archive.",
            "Every problem is an error (damage, or a MUST of WARC 1.1/1.0 broken) or a warning (legal but unusual,"
                + " as other tools' files may be).",
            "Exit 0 when no error was found (warnings allowed), 1 when errors were found (with --strict, warnings too),"
                + " 2 on bad usage."})
final class VerifyCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "WARC files (gzip-compressed .warc.gz or uncompressed .warc), WACZ packages (.wacz, given by"
            + " name), or directories searched for *.warc.gz and *.warc (not *.wacz, so the WARCs of a pack --out"
            + " directory are not read twice). A .cdxj given by name is refused: give its WARC.")
    List<Path> paths;

    @Option(names = "--corpus", paramLabel = "DIR", description = "Check every article's current bytes against its latest archived version.")
    Path corpus;

    @Option(names = "--strict", description = "Report every warning as an error (for our own WARCs, as the nightly verifies them).")
    boolean strict;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ./newskeeper.toml when present); reads [corpus] for --corpus.")
    Path configFile;

    @picocli.CommandLine.Mixin
    CorpusFlags.Exclude corpusFlags = new CorpusFlags.Exclude();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text).")
    Format format = Format.text;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (corpus != null && !Files.isDirectory(corpus)) {
            throw new UsageException("--corpus " + corpus + ": "
                    + (Files.exists(corpus) ? "not a directory" : "no such directory"));
        }
        org.newskeeper.corpus.CorpusSettings settings = org.newskeeper.corpus.CorpusSettings.defaults();
        if (corpus != null) {
            try {
                settings = corpusFlags.settings(org.newskeeper.config.Config.load(Optional.ofNullable(configFile)));
            } catch (org.newskeeper.config.ConfigException e) {
                throw new UsageException(e.getMessage(), e);
            }
            try {
                CorpusChecks.requireArticles(List.of(corpus), settings);
            } catch (UsageException e) {
                throw new UsageException("--corpus " + e.getMessage(), e);
            }
        }
        VerifyReport report;
        try {
            if (Verifier.warcFiles(paths).isEmpty()) {
                throw new UsageException("no WARC files (*.warc.gz, *.warc) in " + paths
                        + "; a .wacz is verified when given by name");
            }
            report = Verifier.verify(paths, Optional.ofNullable(corpus), strict, settings);
        } catch (InputException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UsageException(e.getFile() + ": no such file or directory", e);
        } catch (IOException e) {
            throw new UsageException("cannot read: " + e.getMessage(), e);
        }
        if (format == Format.json) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("clean", report.clean());
            ArrayNode files = root.putArray("files");
            report.files().forEach(files::add);
            root.put("records", report.records());
            ArrayNode problems = root.putArray("problems");
            for (Problem p : report.problems()) {
                ObjectNode o = problems.addObject();
                o.put("file", p.file());
                o.put("offset", p.offset());
                o.put("check", p.check());
                o.put("severity", p.severity().id());
                o.put("message", p.message());
            }
            try {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            for (Problem p : report.problems()) {
                out.println(p.format());
            }
            out.println(Counts.of(report.files().size(), "file", "files") + ", "
                    + Counts.of(report.records(), "record", "records") + ", "
                    + Counts.of(report.problems().size(), "problem", "problems")
                    + (report.problems().isEmpty() ? "" : " (" + Counts.of(report.errors().size(), "error", "errors")
                            + ", " + Counts.of(report.warnings().size(), "warning", "warnings") + ")"));
        }
        out.flush();
        return report.clean() ? Main.OK : Main.PROBLEMS;
    }
}
