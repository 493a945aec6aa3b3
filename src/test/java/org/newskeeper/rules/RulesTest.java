package org.newskeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.newskeeper.Fixtures;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;

class RulesTest {
    private static final Path RULES = Fixtures.path("articles/rules");

    /** Rules whose fixture is generated in a test rather than stored (a 1 MiB file). */
    private static final Set<String> GENERATED = Set.of("file-large");

    static Stream<String> ruleIds() {
        return Rules.ids().stream().filter(id -> !GENERATED.contains(id) && !id.equals("duplicate-source"));
    }

    private static CheckedArticle check(Path file) {
        return new Validator(RuleSettings.defaults()).check(new CorpusFile(file.getParent(), file, file.getFileName().toString()));
    }

    private static Set<String> rules(CheckedArticle c) {
        return c.findings().stream().map(Finding::rule).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @MethodSource("ruleIds")
    void eachRuleFindsTheDefectOfItsFixtureAndNothingElse(String id) {
        CheckedArticle c = check(RULES.resolve(id + ".md"));
        assertThat(rules(c)).as("findings of %s: %s", id, c.findings()).containsExactly(id);
        assertThat(c.findings()).allSatisfy(f -> {
            assertThat(f.path()).isEqualTo(id + ".md");
            assertThat(f.message()).isNotBlank();
            assertThat(f.line()).isBetween(0, 20);
        });
    }

    @Test
    void validFixturesInEveryDialectHaveNoFindings() throws IOException {
        List<CheckedArticle> checked = new Validator(RuleSettings.defaults()).validate(Fixtures.path("articles/valid")).toList();
        assertThat(checked).hasSize(6);
        assertThat(checked).allSatisfy(c -> assertThat(c.findings()).as(c.article().path()).isEmpty());
    }

    @Test
    void duplicateSourceIsReportedOnTheLaterFileOnly() throws IOException {
        List<CheckedArticle> checked = new Validator(RuleSettings.defaults()).validate(RULES.resolve("duplicate-source")).toList();
        assertThat(checked).extracting(c -> c.article().path()).containsExactly("a.md", "b.md");
        assertThat(checked.get(0).findings()).isEmpty();
        assertThat(checked.get(1).findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("duplicate-source");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("a.md");
        });
    }

    @Test
    void eachValidationRunStartsWithNoSourcesSeen() throws IOException {
        Validator v = new Validator(RuleSettings.defaults());
        Path dir = RULES.resolve("duplicate-source");
        v.validate(dir).forEach(c -> { });
        assertThat(v.validate(dir).findFirst().orElseThrow().findings()).isEmpty();
    }

    @Test
    void parsingAheadOnSeveralThreadsGivesTheSameFindingsInTheSameOrder() throws IOException {
        Path all = Fixtures.path("articles");
        List<CheckedArticle> one = new Validator(RuleSettings.defaults(), 1).validate(all).toList();
        List<CheckedArticle> four;
        try (Stream<CheckedArticle> s = new Validator(RuleSettings.defaults(), 4).validate(all)) {
            four = s.toList();
        }
        assertThat(four).hasSameSizeAs(one);
        assertThat(four).extracting(c -> c.article().path()).isEqualTo(one.stream().map(c -> c.article().path()).toList());
        assertThat(four).extracting(CheckedArticle::findings).isEqualTo(one.stream().map(CheckedArticle::findings).toList());
        assertThat(four.stream().flatMap(c -> c.findings().stream()).filter(f -> f.rule().equals("duplicate-source"))).isNotEmpty();
    }

    @Test
    void streamClosedEarlyStopsTheWorkers() throws IOException {
        try (Stream<CheckedArticle> s = new Validator(RuleSettings.defaults(), 2).validate(Fixtures.path("articles"))) {
            assertThat(s.limit(2).count()).isEqualTo(2);
        }
    }

    @Test
    void fileLargerThanAMebibyteIsReported(@TempDir Path dir) throws IOException {
        String header = Files.readString(Fixtures.path("articles/valid/rfi.md"));
        Path big = Files.writeString(dir.resolve("big.md"), header.strip() + "<p>" + "长".repeat(400_000) + "</p>\n");
        CheckedArticle c = check(big);
        assertThat(rules(c)).containsExactly("file-large");
    }

    @Test
    void errorSeverityRulesMakeTheArticleHaveErrors() {
        assertThat(check(RULES.resolve("timestamp-missing.md")).hasErrors()).isTrue();
        assertThat(check(RULES.resolve("html-malformed.md")).hasErrors()).isFalse();
    }

    @Test
    void configuredSeveritiesAndDisabledRulesApply() {
        RuleSettings settings = new RuleSettings(java.util.Map.of("html-malformed", Severity.ERROR), Set.of("timestamp-missing"));
        Path malformed = RULES.resolve("html-malformed.md");
        assertThat(new Validator(settings).check(new CorpusFile(RULES, malformed, "html-malformed.md")).findings())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        Path missing = RULES.resolve("timestamp-missing.md");
        Validator v = new Validator(settings);
        assertThat(v.check(new CorpusFile(RULES, missing, "timestamp-missing.md")).findings()).isEmpty();
        assertThat(v.rules()).extracting(Rule::id).doesNotContain("timestamp-missing");
    }

    @Test
    void ruleIdsAreUniqueAndStable() {
        List<String> ids = Rules.ids();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).contains("unreadable", "timestamp-missing", "timestamp-invalid", "title-link-missing", "title-empty",
                "source-url-invalid", "separator-missing", "body-empty", "date-invalid", "published-after-timestamp",
                "image-missing", "url-invalid", "percent-encoding-invalid", "slug-title-mismatch", "html-malformed",
                "duplicate-source");
    }

    @Test
    void everyStoredRuleFixtureBelongsToARule() throws IOException {
        List<String> ids = Rules.ids();
        assertThat(Corpus.files(RULES).map(CorpusFile::path).map(p -> p.contains("/") ? p.substring(0, p.indexOf('/')) : p.replace(".md", "")))
                .allSatisfy(id -> assertThat(ids).contains(id));
    }

    @Test
    void anAsciiSlugUnderAChineseSectionIsNotComparedWithTheTitle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g20.md");
        Files.writeString(file, "<!--1699516800000-->\n[G20峰会在印度召开](https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20231109-g20-summit-india)\n"
                + "------\n\n<div>09/11/2023 - 10:00</div><img src=\"https://s.rfi.fr/a.jpg\"><p>G20峰会在印度召开。</p>\n");
        assertThat(rules(check(file))).doesNotContain("slug-title-mismatch");
    }

    @Test
    void urlTyposOfRealScrapesAreUrlInvalidFindingsWithAPreciseMessage(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path f = java.nio.file.Files.writeString(dir.resolve("typo.md"), "<!--1690379102000-->\n"
                + "[t](https://chinadigitaltimes.net/chinese/2020/02/a)\n------\n\n"
                + "<p><a href=\"http://https://chinadigitaltimes.net/chinese/2020/02/b\">b</a>\n"
                + "<a href=\"https://www.dw.com/search?q=x&amp;amp;lang=zh\">c</a></p>\n");
        CheckedArticle c = check(f);
        assertThat(c.findings()).filteredOn(x -> x.rule().equals("url-invalid")).extracting(Finding::message)
                .containsExactly("link URL 'http://https://chinadigitaltimes.net/chinese/2020/02/b' has a doubled scheme"
                                + " 'http://https://' (a scraping typo; meant 'https://chinadigitaltimes.net/chinese/2020/02/b')",
                        "link URL 'https://www.dw.com/search?q=x&amp;lang=zh' has the HTML entity '&amp;' left in it by double"
                                + " escaping (meant 'https://www.dw.com/search?q=x&lang=zh')");
    }
}
