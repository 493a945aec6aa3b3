package org.newskeeper.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;

/** Runs every enabled rule over the articles of a corpus, streaming in path order. */
public final class Validator {
    private final RuleSettings settings;

    public Validator(RuleSettings settings) {
        this.settings = settings;
    }

    public RuleSettings settings() {
        return settings;
    }

    /** Checks every article under {@code root}; duplicate sources are reported on the later file. */
    public Stream<CheckedArticle> validate(Path root) throws IOException {
        return Corpus.files(root).map(this::check);
    }

    /** Checks one file. */
    public CheckedArticle check(CorpusFile file) {
        return new CheckedArticle(ArticleParser.parse(file), List.of());
    }
}
