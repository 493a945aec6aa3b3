package org.newskeeper.rules;

import org.newskeeper.corpus.ParsedArticle;

/**
 * {@code image-missing}: an image the body announces is missing. An article that simply has no
 * image is not a defect (many Reuters and RFA articles have none).
 */
final class ImageMissingRule extends BaseRule {
    ImageMissingRule() {
        super("image-missing", Severity.WARNING,
                "An image the body announces is missing: an <img> without src or srcset (or with an empty one), a <figure> without any image or video.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        ParsedArticle.Body body = a.body();
        if (body.document().isEmpty()) {
            return;
        }
        body.imagesWithoutSource().forEach(p -> sink.report(p.line(), p.message()));
    }
}
