package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/**
 * One check of an article, with a stable id. Rules read the article as parsed once (its jsoup
 * document and what the parser's single walk found) and report defects through a {@link Sink}.
 */
public interface Rule {
    /** The stable id, such as {@code timestamp-missing}. */
    String id();

    /** The severity when the configuration does not say otherwise. */
    Severity defaultSeverity();

    /** What the rule checks, one sentence for people. */
    String description();

    /** Reports every defect of one article. */
    void check(ParsedArticle article, Sink sink);

    /** Where a rule reports: one call per defect. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param line    1-based line of the file, 0 for the whole file
         * @param message what is wrong, for a person
         */
        void report(int line, String message);
    }
}
