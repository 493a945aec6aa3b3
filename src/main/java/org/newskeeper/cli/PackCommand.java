package org.newskeeper.cli;

import org.newskeeper.Counts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.warc.InputException;
import org.newskeeper.warc.PackOptions;
import org.newskeeper.warc.PackResult;
import org.newskeeper.warc.Packer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pack", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Packages the corpus into WARC/1.1 files: per article a resource record with the file's exact"
                + " bytes and a metadata record; with --capture, the source page and images as request/response"
                + " (or revisit) records. Unchanged articles are skipped unless --all."})
final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CORPUS", description = "The corpus root (or one article file).")
    Path corpus;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the WARC files go (default: warc-output/).")
    Path out;

    @Option(names = "--capture", description = "Also capture the source URL and images of each packed article that is alive.")
    boolean capture;

    @Mixin
    PackFlags packFlags = new PackFlags();

    @Mixin
    CorpusFlags.Exclude corpusFlags = new CorpusFlags.Exclude();

    @Option(names = "--db", paramLabel = "FILE", description = "The SQLite database (default: checks/links.sqlite).")
    Path db;

    @Option(names = "--allow-private", description = "Let captures connect to private and loopback addresses.")
    boolean allowPrivate;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ./newskeeper.toml when present).")
    Path configFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(corpus)) {
            throw new UsageException(corpus + ": no such corpus file or directory");
        }
        Config config;
        try {
            config = Config.load(Optional.ofNullable(configFile));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        PackOptions options = options(config);
        PackResult result;
        try {
            options.requireUsablePaths();
            result = new Packer(options).pack();
        } catch (InputException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (FileSystemException e) {
            err.println("newskeeper pack: " + e.getFile() + ": " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()));
            return Main.INTERNAL;
        } catch (IOException e) {
            err.println("newskeeper pack: " + e.getMessage());
            return Main.INTERNAL;
        }
        for (String w : result.warnings()) {
            err.println("warning: " + w);
        }
        out.println("packed " + Counts.of(result.packed(), "article", "articles") + ", " + result.unchanged()
                + " unchanged; " + Counts.of(result.captured(), "capture", "captures") + ", "
                + Counts.of(result.revisits(), "revisit", "revisits") + ", " + result.notCaptured() + " not captured; "
                + Counts.of(result.warcs().size(), "WARC file", "WARC files") + " written");
        for (Path w : result.warcs()) {
            out.println("wrote " + w);
        }
        result.wacz().ifPresent(w -> out.println("wrote " + w));
        out.flush();
        return Main.OK;
    }

    private PackOptions options(Config config) {
        PackOptions.Builder b = PackOptions.builder(corpus)
                .capture(capture)
                .addressPolicy(allowPrivate ? AddressPolicy.ALLOW_PRIVATE : AddressPolicy.PUBLIC_ONLY);
        try {
            b.config(config);
        } catch (org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        }
        b.corpusSettings(corpusFlags.settings(config));
        if (out != null) {
            b.out(out);
        }
        packFlags.applyTo(b);
        if (db != null) {
            b.database(db);
        }
        try {
            return b.build();
        } catch (org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
