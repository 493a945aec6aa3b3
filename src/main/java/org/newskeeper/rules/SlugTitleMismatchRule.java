package org.newskeeper.rules;

import java.util.List;
import org.newskeeper.corpus.ParsedArticle;
import org.newskeeper.links.Slug;

/** {@code slug-title-mismatch}: the decoded URL slug (RFI, DW, CDT) does not match the title. */
final class SlugTitleMismatchRule extends BaseRule {
    /** Below this share of the slug's characters found in the title, the two are different articles. */
    static final double THRESHOLD = 0.5;

    SlugTitleMismatchRule() {
        super("slug-title-mismatch", Severity.WARNING,
                "The source URL's slug, percent-decoded (RFI, DW, China Digital Times), shares less than half its text with the title.");
    }

    @Override
    public void check(ParsedArticle a, Sink sink) {
        if (a.article().title().filter(t -> !t.isBlank()).isEmpty() || a.header().sourceParts().isEmpty()) {
            return;
        }
        String title = a.article().title().get();
        Slug.of(a.article().links().get(0), a.header().sourceParts().get()).ifPresent(slug -> {
            double coverage = slug.coverage(title);
            if (coverage < THRESHOLD) {
                List<String> missing = slug.missingFrom(title);
                sink.report(a.header().sourceLine(), "the URL slug '" + slug.text() + "' does not match the title '" + title
                        + "': only " + Math.round(coverage * 100) + "% of it is in the title (missing: " + String.join(", ", missing) + ")");
            }
        });
    }
}
