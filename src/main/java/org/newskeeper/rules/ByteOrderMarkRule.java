package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code byte-order-mark}: the file starts with a UTF-8 byte order mark. */
final class ByteOrderMarkRule extends BaseRule {
    ByteOrderMarkRule() {
        super("byte-order-mark", Severity.WARNING,
                "The file starts with a UTF-8 byte order mark, which the writer of the format never emits.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.bytes().bom()) {
            sink.report(1, "the file starts with a UTF-8 byte order mark (EF BB BF)");
        }
    }
}
