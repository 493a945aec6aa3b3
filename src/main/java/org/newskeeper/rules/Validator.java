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

    private final RuleSettings settings;
    private final CorpusSettings corpus;
    private final int threads;
    private final Run shared;

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
        this.settings = settings;
        this.corpus = corpus;
        this.threads = Math.max(1, threads);
        this.shared = new Run();
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
     * Checks the given files of a corpus, in their order, as one run (duplicate sources are found
     * among these files only): the nightly's pack validates only the files whose bytes changed.
     */
    public Stream<CheckedArticle> validateFiles(List<CorpusFile> files) {
        return validate(List.copyOf(files), Set.of());
    }

    private Stream<CheckedArticle> validate(List<CorpusFile> files, Set<Path> named) {
        Run run = new Run(named);
        if (threads == 1 || files.size() < 2) {
            return files.stream().map(run::check);
        }
        Pipeline pipeline = new Pipeline(files, threads);
        Iterator<CheckedArticle> checked = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pipeline.hasNext();
            }

            @Override
            public CheckedArticle next() {
                return run.check(pipeline.next());
            }
        };
        return StreamSupport.stream(Spliterators.spliterator(checked, files.size(), Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(pipeline::close);
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
        private final ArrayDeque<Future<ParsedArticle>> window = new ArrayDeque<>();
        private final int size;
        private int submitted;

        Pipeline(List<CorpusFile> files, int threads) {
            this.files = files;
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
                window.add(pool.submit(() -> ArticleParser.read(f)));
            }
        }

        boolean hasNext() {
            boolean more = !window.isEmpty();
            if (!more) {
                close();
            }
            return more;
        }

        ParsedArticle next() {
            if (window.isEmpty()) {
                throw new NoSuchElementException();
            }
            Future<ParsedArticle> head = window.poll();
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

        CheckedArticle check(CorpusFile file) {
            return check(ArticleParser.read(file));
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
