package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code control-characters}: NUL bytes or other control characters in the text. */
final class ControlCharactersRule extends BaseRule {
    ControlCharactersRule() {
        super("control-characters", Severity.ERROR,
                "The text holds NUL bytes or other control characters (other than tab, CR, LF): a sign of corruption.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        a.bytes().controlChar().ifPresent(p -> sink.report(p.line(), p.message()));
    }
}
