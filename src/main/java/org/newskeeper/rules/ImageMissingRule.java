package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/** {@code image-missing}: an {@code <img>} without a source, or an article that cites no image. */
final class ImageMissingRule extends BaseRule {
    ImageMissingRule() {
        super("image-missing", Severity.WARNING,
                "An <img> has no src or srcset, or the article cites no image at all.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        ParsedArticle.Body body = a.body();
        if (body.document().isEmpty()) {
            return;
        }
        body.imagesWithoutSource().forEach(p -> sink.report(p.line(), p.message()));
        if (body.images() == 0 && body.imagesWithoutSource().isEmpty()) {
            sink.report(body.line(), "the article cites no image");
        }
    }
}
