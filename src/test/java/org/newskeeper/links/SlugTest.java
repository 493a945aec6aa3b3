package org.newskeeper.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugTest {
    private static final String RFI = "https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20230726-"
            + "%E7%A4%BA%E4%BE%8B%E5%9F%8E%E5%B8%82%E4%B8%BE%E5%8A%9E-%E5%BC%80%E6%94%BE%E6%97%A5-%E6%B4%BB%E5%8A%A8";

    @Test
    void rfiSlugDecodesToTheTitleWordsWithoutItsDate() {
        Slug slug = Slug.of(RFI).orElseThrow();
        assertThat(slug.text()).isEqualTo("示例城市举办-开放日-活动");
        assertThat(slug.words()).containsExactly("示例城市举办", "开放日", "活动");
        assertThat(slug.coverage("示例城市举办“开放日”活动")).isEqualTo(1.0);
        assertThat(slug.missingFrom("示例城市举办“开放日”活动")).isEmpty();
    }

    @Test
    void aTitleWithASiteSuffixOrAOneCharacterEditStillMatches() {
        Slug slug = Slug.of(RFI).orElseThrow();
        assertThat(slug.coverage("示例城市举办开放日活动 – 法国国际广播电台 - RFI")).isEqualTo(1.0);
        assertThat(slug.coverage("示例城市举行“开放日”活动")).isGreaterThan(0.5);
    }

    @Test
    void anotherArticlesTitleDoesNotMatch() {
        assertThat(Slug.of(RFI).orElseThrow().coverage("完全不同的另一条新闻标题")).isLessThan(0.5);
    }

    @Test
    void asciiSlugsAndOtherSitesHaveNoSlugToCompare() {
        assertThat(Slug.of("https://cn.nytimes.com/opinion/20200720/tiktok-ban-china/")).isEmpty();
        assertThat(Slug.of("https://www.rfi.fr/cn/contenu/20200720-example")).isEmpty();
    }

    @Test
    void theSlugIsTheLastSegmentNotTheLongestNonAsciiSection() {
        assertThat(Slug.of("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20231109-g20-summit-india")).isEmpty();
        Slug slug = Slug.of("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85%E6%96%B0%E9%97%BB/20231109-%E5%B3%B0%E4%BC%9A").orElseThrow();
        assertThat(slug.text()).isEqualTo("峰会");
    }

    @Test
    void anEncodedSlashDoesNotSplitTheSlug() {
        assertThat(Slug.of("https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231109-%3Cscript%3Ealert(1)%3C%2Fscript%3E")).isEmpty();
        Slug slug = Slug.of("https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231109-%E7%94%B2%2F%E4%B9%99-%E4%BC%9A%E8%B0%88").orElseThrow();
        assertThat(slug.words()).containsExactly("甲/乙", "会谈");
    }

    @Test
    void dwSlugIsTheSegmentBeforeTheArticleId() {
        Slug slug = Slug.of("https://www.dw.com/zh/%E9%BB%84%E4%B9%8B%E9%94%8B%E5%AE%A3%E5%B8%83/a-54245694").orElseThrow();
        assertThat(slug.text()).isEqualTo("黄之锋宣布");
    }
}
