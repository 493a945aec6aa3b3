package org.newskeeper.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Map;
import org.newskeeper.corpus.Article;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.corpus.ParsedArticle;

/**
 * Runs every enabled rule over the articles of a corpus, streaming in path order: each file is
 * read, its body parsed once by jsoup (a few files ahead, on worker threads), every rule run on
 * that one model in path order, and the document dropped. Only the list of paths and the source
 * URLs seen (for duplicate-source) are kept across files.
 */
public final class Validator {
    /** The id of the finding on a file named on the command line that is not an article in any dialect. */
    public static final String NOT_AN_ARTICLE = "not-an-article";
    private static final String DUPLICATE_SOURCE = "duplicate-source";

    private final RuleSettings settings;
    private final CorpusSettings corpus;
    private final int threads;
    private final Run shared;
    private final Optional<ResultCache> cache;
    private final String fingerprint;

    /** A validator that parses files on as many threads as there are processors. */
    public Validator(RuleSettings settings) {
        this(settings, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A validator that parses up to {@code threads} files at once. Rules always run on the calling
     * thread, one file after the other in path order; at most a few parsed files wait at a time.
     */
    public Validator(RuleSettings settings, int threads) {
        this(settings, CorpusSettings.defaults(), threads);
    }

    /** A validator over the articles {@code corpus} selects, parsing on as many threads as there are processors. */
    public Validator(RuleSettings settings, CorpusSettings corpus) {
        this(settings, corpus, Runtime.getRuntime().availableProcessors());
    }

    /** A validator over the articles {@code corpus} selects, parsing up to {@code threads} files at once. */
    public Validator(RuleSettings settings, CorpusSettings corpus, int threads) {
        this(settings, corpus, threads, Optional.empty());
    }

    private Validator(RuleSettings settings, CorpusSettings corpus, int threads, Optional<ResultCache> cache) {
        this.settings = settings;
        this.corpus = corpus;
        this.threads = Math.max(1, threads);
        this.cache = cache;
        this.shared = new Run();
        this.fingerprint = fingerprintOf();
    }

    /**
     * This validator reusing the results {@code cache} holds: a file whose size and modification
     * time are those it had when checked, or else whose bytes have the same digest, is not parsed
     * again, its stored article and findings are used (duplicate-source is still decided across
     * the whole run). Results checked under other rules, configuration or newskeeper version (see
     * {@link #fingerprint}) are not used. Files named on their own are always checked afresh.
     */
    public Validator withCache(ResultCache cache) {
        return new Validator(settings, corpus, threads, Optional.of(cache));
    }

    /**
     * What the results of this validator depend on besides a file's bytes: the newskeeper version,
     * the rules that run with their severities, and the corpus settings; a digest of them.
     */
    public String fingerprint() {
        return fingerprint;
    }

    private String fingerprintOf() {
        StringBuilder sb = new StringBuilder(org.newskeeper.Version.version()).append('\n');
        shared.rules.stream().map(r -> r.id() + "=" + settings.severity(r)).sorted()
                .forEach(r -> sb.append(r).append('\n'));
        sb.append(corpus).append('\n');
        return sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which files are articles and how they may be read. */
    public CorpusSettings corpus() {
        return corpus;
    }

    public RuleSettings settings() {
        return settings;
    }

    /** The rules that run, with their ids and severities as configured. */
    public List<Rule> rules() {
        return shared.rules;
    }

    /** Checks every article under {@code root}; duplicate sources are reported on the later file. */
    public Stream<CheckedArticle> validate(Path root) throws IOException {
        return validateAll(List.of(root));
    }

    /** Checks every article under each root in turn, as one run (duplicates across roots are found). */
    public Stream<CheckedArticle> validateAll(List<Path> roots) throws IOException {
        List<CorpusFile> files = new ArrayList<>();
        Set<Path> named = new HashSet<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                named.add(root);
            }
            try (Stream<CorpusFile> s = Corpus.files(root, corpus)) {
                s.forEach(files::add);
            }
        }
        return validate(files, named);
    }

    /**
     * Checks the articles under {@code root} as {@link Corpus#files} listed them ({@code files}, in
     * path order), without listing the folders again: the nightly run lists its corpus once.
     */
    public Stream<CheckedArticle> validate(Path root, List<CorpusFile> files) {
        return validate(List.copyOf(files), Files.isRegularFile(root) ? Set.of(root) : Set.of());
    }

    /**
     * Checks the given files of a corpus, in their order, as one run (duplicate sources are found
     * among these files only): the nightly's pack validates only the files whose bytes changed.
     */
    public Stream<CheckedArticle> validateFiles(List<CorpusFile> files) {
        return validate(List.copyOf(files), Set.of());
    }

    private Stream<CheckedArticle> validate(List<CorpusFile> files, Set<Path> named) {
        Run run = new Run(named);
        String fingerprint = cache.isPresent() ? fingerprint() : "";
        java.util.function.Function<CorpusFile, Item> load = f -> load(f, named, fingerprint);
        if (threads == 1 || files.size() < 2) {
            return files.stream().map(f -> run.check(load.apply(f))).onClose(run::flush);
        }
        Pipeline pipeline = new Pipeline(files, threads, load);
        Iterator<CheckedArticle> checked = new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = pipeline.hasNext();
                if (!more) {
                    run.flush();
                }
                return more;
            }

            @Override
            public CheckedArticle next() {
                return run.check(pipeline.next());
            }
        };
        return StreamSupport.stream(Spliterators.spliterator(checked, files.size(), Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(pipeline::close).onClose(run::flush);
    }

    /**
     * A file ready for the rules: parsed, or its stored result when its bytes did not change; with
     * a cache, the stamp and digest the result is stored under.
     */
    private record Item(Optional<ParsedArticle> parsed, Optional<ResultCache.Entry> stored, CorpusFile file,
            Optional<ResultCache.Stamp> stamp, Optional<String> digest) {
        static Item parsed(ParsedArticle p, CorpusFile f) {
            return new Item(Optional.of(p), Optional.empty(), f, Optional.empty(), Optional.empty());
        }
    }

    /** Parses a file, or finds its stored result; runs on worker threads. */
    private Item load(CorpusFile f, Set<Path> named, String fingerprint) {
        if (cache.isEmpty() || f.problem().isPresent() || named.contains(f.file())) {
            return Item.parsed(ArticleParser.read(f), f);
        }
        try {
            Optional<CorpusFile.Listed> seen = f.stamp();
            if (seen.isEmpty() || seen.get().size() > corpus.maxFileSize()) {
                return Item.parsed(ArticleParser.read(f), f);
            }
            ResultCache.Stamp stamp = new ResultCache.Stamp(seen.get().size(), seen.get().modified());
            Optional<ResultCache.Entry> stored = cache.get().find(f.path())
                    .filter(e -> e.fingerprint().equals(fingerprint));
            if (stored.isPresent() && stored.get().stamp().equals(stamp)) {
                return new Item(Optional.empty(), stored, f, Optional.of(stamp), Optional.of(stored.get().digest()));
            }
            // read once: the digest is of the very bytes parsed
            byte[] bytes = Corpus.read(f.root(), f.file(), corpus);
            String digest = sha256(bytes);
            if (stored.isPresent() && stored.get().digest().equals(digest)) {
                return new Item(Optional.empty(), stored, f, Optional.of(stamp), Optional.of(digest));
            }
            org.newskeeper.Activity.reading(f.file());
            try {
                return new Item(Optional.of(ArticleParser.parse(f.path(), f.file(), bytes)), Optional.empty(), f,
                        Optional.of(stamp), Optional.of(digest));
            } finally {
                org.newskeeper.Activity.done();
            }
        } catch (IOException e) {
            return Item.parsed(ArticleParser.read(f), f);
        }
    }

    /**
     * Checks one file; duplicate-source compares it with the files this validator checked before.
     * Safe to call from several threads (files are parsed in parallel, rules run one file at a time).
     */
    public CheckedArticle check(CorpusFile file) {
        return check(ArticleParser.read(file));
    }

    /** Checks an article already parsed; safe to call from several threads. */
    public CheckedArticle check(ParsedArticle article) {
        synchronized (shared) {
            return shared.check(article);
        }
    }

    /**
     * Parses files ahead on worker threads, handing them out in order. The window of files parsed
     * ahead is small, so memory does not grow with the corpus.
     */
    private static final class Pipeline implements AutoCloseable {
        private final List<CorpusFile> files;
        private final ThreadPoolExecutor pool;
        private final ArrayDeque<Future<Item>> window = new ArrayDeque<>();
        private final java.util.function.Function<CorpusFile, Item> load;
        private final int size;
        private int submitted;

        Pipeline(List<CorpusFile> files, int threads, java.util.function.Function<CorpusFile, Item> load) {
            this.files = files;
            this.load = load;
            this.size = threads * 2;
            this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "newskeeper-parse");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            fill();
        }

        private void fill() {
            while (window.size() < size && submitted < files.size()) {
                CorpusFile f = files.get(submitted++);
                window.add(pool.submit(() -> load.apply(f)));
            }
        }

        boolean hasNext() {
            boolean more = !window.isEmpty();
            if (!more) {
                close();
            }
            return more;
        }

        Item next() {
            if (window.isEmpty()) {
                throw new NoSuchElementException();
            }
            Future<Item> head = window.poll();
            fill();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while checking", e);
            } catch (ExecutionException e) {
                // ArticleParser.read never throws; an Error (out of memory) is passed on as it is
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** One run: fresh rule instances, so state such as the sources seen belongs to the run. */
    private final class Run {
        private final List<Rule> rules = Rules.all().stream().filter(r -> settings.enabled(r.id())).toList();
        /** The files named on the command line: they are checked for being articles at all. */
        private final Set<Path> named;

        Run() {
            this(Set.of());
        }

        Run(Set<Path> named) {
            this.named = named;
        }

        private final Map<String, ResultCache.Stamp> restamps = new HashMap<>();
        private int unflushed;

        CheckedArticle check(CorpusFile file) {
            return check(ArticleParser.read(file));
        }

        /** Checks a loaded file: its stored result, or the rules over it (stored when there is a cache). */
        CheckedArticle check(Item item) {
            if (item.stored().isPresent()) {
                return reuse(item);
            }
            ParsedArticle parsed = item.parsed().orElseThrow();
            CheckedArticle checked = check(parsed);
            if (cache.isPresent() && item.stamp().isPresent()) {
                List<Finding> own = checked.findings().stream().filter(f -> !f.rule().equals(DUPLICATE_SOURCE)).toList();
                store(new ResultCache.Entry(checked.article().path(), fingerprint(), item.stamp().get(),
                        item.digest().orElseThrow(), checked.article(), own, DuplicateSourceRule.key(parsed)));
            }
            return checked;
        }

        private CheckedArticle reuse(Item item) {
            ResultCache.Entry e = item.stored().get();
            Article stored = e.article();
            Article article = new Article(stored.path(), item.file().file(), stored.dialect(), stored.timestamp(),
                    stored.title(), stored.source(), stored.published(), stored.links());
            List<Finding> findings = new ArrayList<>(e.findings());
            if (e.source().isPresent()) {
                for (Rule rule : rules) {
                    if (rule instanceof DuplicateSourceRule dup) {
                        Severity severity = settings.severity(rule);
                        dup.seen(e.source().get(), article, (line, message) ->
                                findings.add(new Finding(rule.id(), severity, article.path(), line, message)));
                    }
                }
            }
            findings.sort(Comparator.comparingInt(Finding::line));
            if (!e.stamp().equals(item.stamp().orElseThrow())) {
                restamps.put(e.path(), item.stamp().get());
            }
            return new CheckedArticle(article, findings);
        }

        private void store(ResultCache.Entry entry) {
            try {
                cache.get().put(entry);
                if (++unflushed >= 1000) {
                    flush();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Writes the results and stamps held for the cache. */
        void flush() {
            if (cache.isEmpty()) {
                return;
            }
            try {
                cache.get().restamp(Map.copyOf(restamps));
                restamps.clear();
                cache.get().flush();
                unflushed = 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        CheckedArticle check(ParsedArticle parsed) {
            String path = parsed.article().path();
            List<Finding> findings = new ArrayList<>();
            if (!named.isEmpty() && named.contains(parsed.article().file())) {
                Optional<String> not = ArticleParser.notAnArticle(parsed);
                if (not.isPresent()) {
                    findings.add(new Finding(NOT_AN_ARTICLE, Severity.ERROR, path, 0, not.get()));
                    return new CheckedArticle(parsed.article(), findings);
                }
            }
            for (Rule rule : rules) {
                Severity severity = settings.severity(rule);
                try {
                    rule.check(parsed, (line, message) -> findings.add(new Finding(rule.id(), severity, path, line, message)));
                } catch (RuntimeException e) {
                    findings.add(new Finding(rule.id(), Severity.ERROR, path, 0,
                            "the rule failed on this file: " + e));
                }
            }
            findings.sort(Comparator.comparingInt(Finding::line));
            return new CheckedArticle(parsed.article(), findings);
        }
    }
}
