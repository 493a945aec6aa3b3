package org.newskeeper.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.newskeeper.Fixtures;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;

class ArticleParserTest {
    private static ParsedArticle fixture(String name) {
        Path p = Fixtures.path("articles/valid/" + name);
        return ArticleParser.read(new CorpusFile(p.getParent(), p, name));
    }

    private static ParsedArticle text(String text) {
        return ArticleParser.parse("t.md", Path.of("t.md"), text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> urls(Article a, Role role) {
        return a.links().stream().filter(l -> l.role() == role).map(Link::url).toList();
    }

    @Test
    void canonicalRfiArticleGivesTimestampTitleSourcePublishedAndLinks() {
        ParsedArticle p = fixture("rfi.md");
        Article a = p.article();
        assertThat(a.dialect()).isEqualTo(Dialect.CANONICAL);
        assertThat(a.timestamp()).contains(Instant.ofEpochMilli(1690379102000L));
        assertThat(a.title()).contains("示例城市举办“开放日”活动");
        assertThat(a.source()).hasValueSatisfying(s -> assertThat(s).startsWith("https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20230726-"));
        // 26/07/2023 - 15:39 is Paris summer time, UTC+2
        assertThat(a.published()).contains(Instant.parse("2023-07-26T13:39:00Z"));
        assertThat(a.links().get(0).role()).isEqualTo(Role.SOURCE);
        assertThat(a.links().get(0).line()).isEqualTo(2);
        assertThat(urls(a, Role.IMAGE)).containsExactly("https://s.rfi.fr/media/display/0000/w:1280/p:16x9/example.jpg");
        assertThat(a.links().stream().filter(l -> l.role() == Role.SHARE).map(l -> l.target().orElse("")))
                .containsExactly("https://rfi.my/ab12.F", "https://rfi.my/ab12.W", "https://rfi.my/ab12.W", "https://rfi.my/ab12.T");
        assertThat(a.links()).allSatisfy(l -> assertThat(l.url()).doesNotContain("&amp;"));
        assertThat(p.header().separatorLine()).isEqualTo(3);
        assertThat(p.body().line()).isEqualTo(5);
    }

    @Test
    void titleWithBracketsAndRelativeLinksResolvedAgainstTheSource() {
        Article a = fixture("voa.md").article();
        assertThat(a.title()).contains("示例新闻：某机构发表声明 [更新] 附图");
        assertThat(a.published()).contains(Instant.parse("2020-07-20T19:22:03Z"));
        assertThat(urls(a, Role.LINK)).containsExactly("https://www.voachinese.com/a/related/0000002.html", "https://example.org/a?x=1&y=2");
        Link image = a.links().stream().filter(l -> l.role() == Role.IMAGE).findFirst().orElseThrow();
        assertThat(image.target()).contains("http://gdb.voanews.com/EXAMPLE_w900.jpg");
    }

    @Test
    void titleSpanningLinesIsJoinedAndTheSourceLineIsWhereTheUrlIs() {
        ParsedArticle p = fixture("dw-multiline-title.md");
        assertThat(p.article().title()).contains("示例媒体：快速回应");
        assertThat(p.header().titleLine()).isEqualTo(2);
        assertThat(p.header().sourceLine()).isEqualTo(4);
        assertThat(p.header().separatorLine()).isEqualTo(5);
        assertThat(p.article().published()).contains(Instant.parse("2020-06-29T14:58:06.315Z"));
    }

    @Test
    void embedsVideoPostersAndSrcsetCandidatesHaveTheirRoles() {
        Article a = fixture("nyt.md").article();
        assertThat(urls(a, Role.IMAGE)).contains("https://static01.nyt.com/a-320.jpg", "https://static01.nyt.com/a-640.jpg",
                "https://cn.nytimes.com/video/poster.jpg");
        assertThat(urls(a, Role.EMBED)).containsExactly("https://cn.nytimes.com/video/clip.mp4", "https://www.youtube.com/embed/abc");
        // NYT's Chinese site writes Beijing time
        assertThat(a.published()).contains(Instant.parse("2020-07-20T11:22:17Z"));
    }

    @Test
    void jekyllFrontMatterIsReadAndMultiLineBodiesKeepTheirLines() {
        ParsedArticle p = fixture("jekyll.md");
        assertThat(p.article().dialect()).isEqualTo(Dialect.JEKYLL);
        assertThat(p.header().frontMatter()).containsEntry("title", "[政治] 示例标题 包含方括号");
        assertThat(p.article().title()).contains("[政治] 示例标题 包含方括号");
        assertThat(p.article().timestamp()).contains(Instant.ofEpochMilli(1595855385000L));
        Link previous = p.article().links().stream().filter(l -> l.role() == Role.LINK).findFirst().orElseThrow();
        assertThat(previous.line()).isEqualTo(15);
    }

    @Test
    void cdtDialectHasNoTimestampAndARfc2822DateLine() {
        ParsedArticle p = fixture("cdt.md");
        assertThat(p.article().dialect()).isEqualTo(Dialect.CDT);
        assertThat(p.article().timestamp()).isEmpty();
        assertThat(p.article().published()).contains(Instant.parse("2020-07-02T09:55:09Z"));
        assertThat(p.header().date()).hasValueSatisfying(d -> assertThat(d.line()).isEqualTo(3));
        assertThat(urls(p.article(), Role.LINK)).containsExactly("https://chinadigitaltimes.net/chinese/2020/02/【cdtv】示例/");
    }

    @Test
    void closingBracketParenthesisInsideATitleDoesNotEndIt() {
        ParsedArticle p = text("<!--1690379102000-->\n[a](b) c] d](https://example.org/x_(y))\n------\n\n<p>t</p>\n");
        assertThat(p.article().title()).contains("a](b) c] d");
        assertThat(p.article().source()).contains("https://example.org/x_(y)");
    }

    @Test
    void gluedAttributesAreRepairedSoTheImageIsStillSeen() {
        ParsedArticle p = text("<!--1690379102000-->\n[t](https://www.bbc.com/zhongwen/simp/a-1)\n------\n\n<p>t</p><imgsrc=\"/i.jpg\"><divclass=\"x\">y</div>\n");
        assertThat(urls(p.article(), Role.IMAGE)).containsExactly("https://www.bbc.com/i.jpg");
        assertThat(p.body().htmlProblems()).anySatisfy(pr -> assertThat(pr.message()).contains("'<imgsrc=' (read as '<img src=')", "2 times"));
    }

    @Test
    void lazyLoadedImagesAreFoundAndDataPlaceholdersAreNotLinks() {
        ParsedArticle p = text("<!--1690379102000-->\n[t](https://chinadigitaltimes.net/chinese/1.html)\n------\n\n<p>t</p>"
                + "<img src=\"data:image/svg+xml,%3Csvg%3E\" data-lazy-src=\"/files/a.png\">"
                + "<img src=\"data:image/gif;base64,R0lGOD\" data-image-dataset=\"{}\">\n");
        assertThat(urls(p.article(), Role.IMAGE)).containsExactly("https://chinadigitaltimes.net/files/a.png");
        assertThat(p.article().links()).noneSatisfy(l -> assertThat(l.url()).startsWith("data:"));
        assertThat(p.body().imagesWithoutSource()).singleElement()
                .satisfies(pr -> assertThat(pr.message()).contains("data: placeholder"));
    }

    @Test
    void timestampThatIsNotANumberIsKeptAsWrittenButGivesNoInstant() {
        ParsedArticle p = text("<!--yesterday-->\n[t](https://example.org/a)\n------\n\n<p>t</p>\n");
        assertThat(p.header().timestamp()).hasValueSatisfying(t -> assertThat(t.text()).isEqualTo("yesterday"));
        assertThat(p.article().timestamp()).isEmpty();
    }

    @Test
    void emptyFileIsAnArticleWithNothingInIt() {
        ParsedArticle p = text("");
        assertThat(p.article().title()).isEmpty();
        assertThat(p.article().links()).isEmpty();
        assertThat(p.body().document()).isEmpty();
    }

    @Test
    void parseOfACorpusFileNeverThrowsForAMissingFile() {
        Path missing = Path.of("no-such-dir/no-such-file.md");
        Article a = ArticleParser.parse(new CorpusFile(Path.of("no-such-dir"), missing, "no-such-file.md"));
        assertThat(a.path()).isEqualTo("no-such-file.md");
        assertThat(ArticleParser.read(new CorpusFile(Path.of("."), missing, "x.md")).bytes().readError()).isPresent();
    }
}
