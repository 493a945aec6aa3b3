package org.newskeeper.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.links.Urls;

/**
 * {@code duplicate-source}: two files with the same source URL; reported on the later file. Holds
 * one entry per source URL seen in the run (the first file's path, nothing else).
 */
final class DuplicateSourceRule extends BaseRule {
    private final Map<String, Article> firstBySource = new HashMap<>();

    DuplicateSourceRule() {
        super("duplicate-source", Severity.WARNING,
                "Another file already has the same source URL (reported on the later file, in path order).");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        key(a).ifPresent(k -> seen(k, a.article(), sink));
    }

    /** The source URL of an article as this rule compares it, with its line; empty when it has none. */
    static Optional<ResultCache.SourceKey> key(ParsedArticle a) {
        return a.header().sourceParts().filter(p -> !p.scheme().isEmpty())
                .map(parts -> new ResultCache.SourceKey(normalize(parts, a.article().links().get(0).decoded()),
                        a.header().sourceLine()));
    }

    /** Records an article's source (from a parse or from the result cache), reporting it when an earlier file has it. */
    void seen(ResultCache.SourceKey key, Article article, Sink sink) {
        Article first = firstBySource.putIfAbsent(key.key(), slim(article));
        if (first != null && !first.file().equals(article.file())) {
            boolean sameRoot = root(first).equals(root(article));
            sink.report(key.line(), "same source URL as " + (sameRoot ? first.path() : first.file().toString()));
        }
    }

    /** Only what the message needs, so the links of every article are not kept. */
    private static Article slim(Article a) {
        return new Article(a.path(), a.file(), a.dialect(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** The corpus root an article was found under: its file without its relative path. */
    private static String root(Article a) {
        String file = a.file().toString().replace(java.io.File.separatorChar, '/');
        return file.endsWith(a.path()) ? file.substring(0, file.length() - a.path().length()) : file;
    }

    /** The source URL without what does not make a different article: scheme, host case, escapes written in lower case, a trailing slash and a fragment do not make a different article. */
    static String normalize(Urls.Parts p, String decoded) {
        String path = decoded.startsWith("/") ? decoded : p.path() + (p.hasQuery() ? "?" + p.query() : "");
        while (path.contains("//")) {
            path = path.replace("//", "/");
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return p.host() + (p.port().isEmpty() ? "" : ":" + p.port()) + path;
    }
}
