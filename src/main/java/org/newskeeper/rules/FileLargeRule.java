package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code file-large}: a file far larger than any real article. */
final class FileLargeRule extends BaseRule {
    /** Real articles are under 100 KB; a megabyte is a runaway scrape or a wrong file. */
    static final long LIMIT = 1 << 20;

    FileLargeRule() {
        super("file-large", Severity.WARNING, "The file is over 1 MiB, far larger than any real article.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        long size = a.bytes().size();
        if (size > LIMIT) {
            sink.report(0, "the file is " + size / 1024 + " KiB, over the " + LIMIT / 1024 + " KiB an article should need"
                    + (a.bytes().lines() <= 1 ? ", on a single line" : ""));
        }
    }
}
