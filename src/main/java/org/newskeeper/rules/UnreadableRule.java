package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code unreadable}: the file cannot be read, or its bytes are not UTF-8. */
final class UnreadableRule extends BaseRule {
    UnreadableRule() {
        super("unreadable", Severity.ERROR, "The file cannot be read (I/O error) or is not valid UTF-8.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.bytes().readError().ifPresent(why -> sink.report(0, "the file " + why));
        a.bytes().invalidUtf8().ifPresent(p -> sink.report(p.line(), p.message()
                + "; the text was read with replacement characters"));
    }
}
