package org.newskeeper.rules;

import java.util.HashMap;
import java.util.Map;
import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.links.Urls;

/**
 * {@code duplicate-source}: two files with the same source URL; reported on the later file. Holds
 * one entry per source URL seen in the run (strings only).
 */
final class DuplicateSourceRule extends BaseRule {
    private final Map<String, String> firstPathBySource = new HashMap<>();

    DuplicateSourceRule() {
        super("duplicate-source", Severity.WARNING,
                "Another file already has the same source URL (reported on the later file, in path order).");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.article().source().filter(Urls::isAbsolute).ifPresent(source -> {
            String key = normalize(source, a.article().links().get(0).decoded());
            String first = firstPathBySource.putIfAbsent(key, a.article().path());
            if (first != null && !first.equals(a.article().path())) {
                sink.report(a.header().sourceLine(), "same source URL as " + first);
            }
        });
    }

    /** The source URL without what does not make a different article: scheme, host case, escapes written in lower case, a trailing slash and a fragment do not make a different article. */
    static String normalize(String url, String decoded) {
        Urls.Parts p = Urls.split(url);
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
