package org.newskeeper.rules;

import java.util.Locale;
import java.util.Optional;
import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.links.Urls;

/** {@code source-url-invalid}: the title link's URL is not an absolute http(s) URL. */
final class SourceUrlInvalidRule extends BaseRule {
    SourceUrlInvalidRule() {
        super("source-url-invalid", Severity.ERROR, "The title link's URL is not an absolute http(s) URL.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.header().titleLine() == 0 || a.header().titleProblem().isPresent()) {
            return;
        }
        int line = a.header().sourceLine();
        Optional<String> source = a.article().source();
        if (source.isEmpty()) {
            sink.report(line, "the title link has no URL");
            return;
        }
        String url = source.get();
        String scheme = a.header().sourceParts().map(Urls.Parts::scheme).orElse("");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            sink.report(line, "source URL '" + abbreviate(url) + "' is not an absolute http(s) URL"
                    + (scheme.isEmpty() ? "" : " (scheme '" + scheme.toLowerCase(Locale.ROOT) + "')"));
            return;
        }
        a.header().sourceProblem().ifPresent(p -> sink.report(line, "source URL '" + abbreviate(url) + "' " + p));
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
