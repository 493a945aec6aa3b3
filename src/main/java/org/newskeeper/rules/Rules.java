package org.newskeeper.rules;

import java.util.List;

/** The rules, in the order their findings are listed. */
public final class Rules {
    private Rules() {
    }

    /** Fresh instances of every rule (some rules, such as duplicate-source, keep state for one run). */
    public static List<Rule> all() {
        return List.of(
                new UnreadableRule(),
                new ControlCharactersRule(),
                new ByteOrderMarkRule(),
                new CrlfLineEndingsRule(),
                new FileLargeRule(),
                new FrontMatterInvalidRule(),
                new FrontMatterMismatchRule(),
                new TimestampMissingRule(),
                new TimestampInvalidRule(),
                new TitleLinkMissingRule(),
                new TitleEmptyRule(),
                new SourceUrlInvalidRule(),
                new SeparatorMissingRule(),
                new BodyEmptyRule(),
                new DateInvalidRule(),
                new PublishedAfterTimestampRule(),
                new ImageMissingRule(),
                new UrlInvalidRule(),
                new PercentEncodingInvalidRule(),
                new SlugTitleMismatchRule(),
                new HtmlMalformedRule(),
                new HtmlNestingDeepRule(),
                new DuplicateSourceRule());
    }

    /** The ids of every rule. */
    public static List<String> ids() {
        return all().stream().map(Rule::id).toList();
    }
}
