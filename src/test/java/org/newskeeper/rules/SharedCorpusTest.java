package org.newskeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newskeeper.Fixtures;
import org.newskeeper.corpus.Dialect;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.links.Slug;

/** The real corpus in ../shared/corpus (property newskeeper.sharedCorpus); skipped where it is absent. */
class SharedCorpusTest {
    private static Path corpus;
    private static List<CheckedArticle> checked;

    @BeforeAll
    static void checkTheWholeCorpus() throws IOException {
        Optional<Path> shared = Fixtures.sharedCorpus();
        if (shared.isEmpty()) {
            System.err.println("SharedCorpusTest skipped: shared corpus not found at '"
                    + System.getProperty("newskeeper.sharedCorpus") + "' (property newskeeper.sharedCorpus)");
            return;
        }
        corpus = shared.get();
        try (Stream<CheckedArticle> s = new Validator(RuleSettings.defaults()).validate(corpus)) {
            checked = s.map(c -> new CheckedArticle(c.article(), c.findings())).toList();
        }
    }

    private static void assumeCorpus() {
        assumeTrue(corpus != null, "shared corpus absent (property newskeeper.sharedCorpus): test skipped");
    }

    private static CheckedArticle article(String path) {
        return checked.stream().filter(c -> c.article().path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path));
    }

    private static List<String> rules(String path) {
        return article(path).findings().stream().map(Finding::rule).toList();
    }

    @Test
    void everyMarkdownFileIsAccountedForInPathOrder() throws IOException {
        assumeCorpus();
        long onDisk;
        try (Stream<Path> walk = Files.walk(corpus)) {
            // every *.md but the corpus's own README.md at the root, which is not an article
            onDisk = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".md"))
                    .filter(p -> !p.equals(corpus.resolve("README.md"))).count();
        }
        assertThat(checked).hasSize((int) onDisk);
        List<String> paths = checked.stream().map(c -> c.article().path()).toList();
        assertThat(paths).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void noRuleFailsOnAnyRealFile() {
        assumeCorpus();
        assertThat(checked).allSatisfy(c -> assertThat(c.findings())
                .noneSatisfy(f -> assertThat(f.message()).startsWith("the rule failed")));
    }

    @Test
    void theReadmeAtTheRootIsNotAnArticleAndEveryArticleIsStructurallySound() {
        assumeCorpus();
        assertThat(checked).extracting(c -> c.article().path()).doesNotContain("README.md");
        List<String> withErrors = checked.stream().filter(CheckedArticle::hasErrors).map(c -> c.article().path()).toList();
        assertThat(withErrors).isEmpty();
    }

    @Test
    void referenceRfiArticleHasNoErrorAndItsSharesUnwrapToRfiMyShortLinks() {
        assumeCorpus();
        CheckedArticle c = article("modern/rfi/1002060.md");
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.findings()).isEmpty();
        List<Link> shares = c.article().links().stream().filter(l -> l.role() == Role.SHARE).toList();
        assertThat(shares).hasSize(4);
        assertThat(shares).allSatisfy(l -> assertThat(l.target()).hasValueSatisfying(t -> assertThat(t).matches("https://rfi\\.my/9mc2\\.[FWT]")));
        assertThat(shares.get(0).decoded()).contains("redirect_uri=https://www.rfi.fr/cn/国际/20230726-俄罗斯国防部长称朝鲜为-重要伙伴");
        String title = c.article().title().orElseThrow();
        assertThat(title).isEqualTo("俄罗斯国防部长称朝鲜为“重要伙伴”");
        Slug slug = Slug.of(c.article().source().orElseThrow()).orElseThrow();
        assertThat(slug.words()).containsExactly("俄罗斯国防部长称朝鲜为", "重要伙伴");
        assertThat(slug.words()).allSatisfy(w -> assertThat(title).contains(w));
        assertThat(c.article().published()).contains(java.time.Instant.parse("2023-07-26T13:39:00Z"));
    }

    @Test
    void dialectsAreRecognised() {
        assumeCorpus();
        assertThat(checked.stream().filter(c -> c.article().path().startsWith("dialects/jekyll/")))
                .hasSize(24).allSatisfy(c -> assertThat(c.article().dialect()).isEqualTo(Dialect.JEKYLL));
        assertThat(checked.stream().filter(c -> c.article().path().startsWith("dialects/cdt/")))
                .hasSize(12).allSatisfy(c -> {
                    assertThat(c.article().dialect()).isEqualTo(Dialect.CDT);
                    assertThat(c.article().published()).isPresent();
                });
        assertThat(checked.stream().filter(c -> c.article().path().startsWith("2020/rfi/")))
                .allSatisfy(c -> {
                    assertThat(c.article().dialect()).isEqualTo(Dialect.CANONICAL);
                    assertThat(c.article().published()).isPresent();
                });
    }

    @Test
    void titleSpanningLinesIsRead() {
        assumeCorpus();
        assertThat(article("2020/dw/1048198.md").article().title()).contains("德语媒体：北京的快速回应");
        assertThat(rules("2020/dw/1048198.md")).doesNotContain("title-link-missing", "separator-missing");
    }

    @Test
    void sampledFindingsAreTrue() {
        assumeCorpus();
        // source URL written with '80%%20' and '93%%E4': malformed escapes
        assertThat(rules("2020/dw/1047798.md")).contains("percent-encoding-invalid");
        assertThat(rules("2020/dw/1047852.md")).contains("percent-encoding-invalid");
        // <img src="" width="100%"> three times
        assertThat(article("2020/dw/1048318.md").findings().stream().filter(f -> f.rule().equals("image-missing")))
                .hasSize(3).allSatisfy(f -> assertThat(f.message()).isEqualTo("<img> with an empty src"));
        // the dialects/cdt files are copies of 2020/cdt articles with the same source URL
        assertThat(article("dialects/cdt/399697.md").findings())
                .anySatisfy(f -> assertThat(f.message()).isEqualTo("same source URL as 2020/cdt/399697.md"));
        // RFI's '<divclass="m-block-ad "data-tms-ad-type=...': glued tag name and attributes
        assertThat(article("2020/rfi/1047612.md").findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("html-malformed");
            assertThat(f.message()).contains("<divclass=");
        });
    }

    @Test
    void findingsDistributionIsPrinted() {
        assumeCorpus();
        Map<String, Long> byRule = checked.stream().flatMap(c -> c.findings().stream())
                .collect(Collectors.groupingBy(f -> f.rule() + " (" + f.severity().id() + ")", TreeMap::new, Collectors.counting()));
        System.out.println("findings over " + checked.size() + " shared corpus files: " + byRule);
        assertThat(byRule).containsKey("html-malformed (warning)");
    }
}
