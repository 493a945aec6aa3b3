package org.newskeeper.rules;

import java.util.List;
import org.newskeeper.corpus.Article;

/** An article with the findings of every enabled rule. */
public record CheckedArticle(Article article, List<Finding> findings) {
    public CheckedArticle {
        findings = List.copyOf(findings);
    }

    /** Whether any finding has error severity. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
