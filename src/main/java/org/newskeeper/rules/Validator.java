package org.newskeeper.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.corpus.ParsedArticle;

/**
 * Runs every enabled rule over the articles of a corpus, streaming in path order: each file is
 * read, its body parsed once by jsoup, every rule run on that one model, and the document dropped
 * before the next file. Only the source URLs seen (for duplicate-source) are kept across files.
 */
public final class Validator {
    private final RuleSettings settings;
    private final Run shared;

    public Validator(RuleSettings settings) {
        this.settings = settings;
        this.shared = new Run();
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
        Run run = new Run();
        return Corpus.files(root).map(run::check);
    }

    /** Checks every article under each root in turn, as one run (duplicates across roots are found). */
    public Stream<CheckedArticle> validateAll(List<Path> roots) throws IOException {
        Run run = new Run();
        Stream<CheckedArticle> all = Stream.empty();
        for (Path root : roots) {
            all = Stream.concat(all, Corpus.files(root).map(run::check));
        }
        return all;
    }

    /** Checks one file; duplicate-source compares it with the files this validator checked before. */
    public CheckedArticle check(CorpusFile file) {
        return shared.check(file);
    }

    /** Checks an article already parsed. */
    public CheckedArticle check(ParsedArticle article) {
        return shared.check(article);
    }

    /** One run: fresh rule instances, so state such as the sources seen belongs to the run. */
    private final class Run {
        private final List<Rule> rules = Rules.all().stream().filter(r -> settings.enabled(r.id())).toList();

        CheckedArticle check(CorpusFile file) {
            return check(ArticleParser.read(file));
        }

        CheckedArticle check(ParsedArticle parsed) {
            String path = parsed.article().path();
            List<Finding> findings = new ArrayList<>();
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
