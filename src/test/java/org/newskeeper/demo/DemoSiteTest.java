package org.newskeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.newskeeper.corpus.Article;
import org.newskeeper.links.Role;

class DemoSiteTest {
    private static final Path EXAMPLES = Path.of("examples", "corpus");

    @Test
    void everyFaultOfTheDemoNamesALinkOfAnExampleArticle() throws IOException {
        try (WebDouble d = WebDouble.start()) {
            Map<String, Article> articles = DemoSite.serve(d, EXAMPLES);
            Set<DemoSite.Entry> resolved = DemoSite.resolve(articles, DemoSite.EXAMPLE_FAULTS).keySet();
            assertThat(resolved).containsExactlyInAnyOrderElementsOf(DemoSite.EXAMPLE_FAULTS);
        }
    }

    @Test
    void theDemoDoubleAnswersForEveryHostTheExamplesCite() throws IOException {
        try (WebDouble d = DemoSite.start(EXAMPLES, DemoSite.EXAMPLE_FAULTS)) {
            assertThat(d.hosts()).contains("www.rfi.fr", "s.rfi.fr", "rfi.my", "www.voachinese.com", "images.weserv.nl",
                    "www.bbc.com", "chinadigitaltimes.net", "www.rti.org.tw", "static.rti.org.tw", "www.dw.com",
                    "www.facebook.com", "twitter.com", "web.whatsapp.com", "feedx.net");
            assertThat(d.route("https://rfi.my/Xk3a.T").orElseThrow().code()).isEqualTo(301);
            assertThat(d.hostMap().target("WWW.RFI.FR")).contains(d.address());
        }
    }

    static final String DOOMED = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231105-%E6%B3%95%E5%9B%BD%E6%80%BB%E7%BB%9F"
            + "%E9%A9%AC%E5%85%8B%E9%BE%99%E6%8A%B5%E8%BE%BE%E5%8C%97%E4%BA%AC%E5%BC%80%E5%A7%8B%E5%9B%BD%E4%BA%8B%E8%AE%BF%E9%97%AE";
    static final String DOOMED_IMAGE = "https://s.rfi.fr/media/display/5d1b6a2e-7b9c-11ee-a1b2-005056a90321/w:1280/p:16x9/macron-pekin.jpg";

    @Test
    void everyArchivedLinkAndSecondNightFaultNamesALinkOfAnExampleArticle() throws IOException {
        try (WebDouble d = WebDouble.start()) {
            Map<String, Article> articles = DemoSite.serve(d, EXAMPLES);
            assertThat(DemoSite.resolve(articles, DemoSite.EXAMPLE_SECOND_NIGHT_FAULTS).values()).containsExactly(DOOMED);
            List<String> archived = DemoSite.archive(d, articles, DemoSite.EXAMPLE_ARCHIVED);
            assertThat(archived).hasSize(DemoSite.EXAMPLE_ARCHIVED.size()).doesNotContain(DOOMED);
            // what the public archive holds is dead on the first night already; the doomed link is not among the faults
            Set<String> failing = Set.copyOf(DemoSite.resolve(articles, DemoSite.EXAMPLE_FAULTS).values());
            assertThat(failing).containsAll(archived).doesNotContain(DOOMED);
        }
    }

    @Test
    void theExampleDoubleServesTheDoomedPageWithItsImageOnTheFirstNightAnd404OnTheSecond() throws IOException {
        try (WebDouble d = DemoSite.startExample(EXAMPLES)) {
            WebDouble.Response first = d.route(DOOMED).orElseThrow();
            assertThat(first.code()).isEqualTo(200);
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("<h1>法国总统马克龙抵达北京开始国事访问</h1>")
                    .contains("<img src=\"" + DOOMED_IMAGE + "\"");
            assertThat(d.route(DOOMED_IMAGE).orElseThrow().code()).isEqualTo(200);
            assertThat(d.hosts()).contains(DemoSite.TIMEGATE_HOST);
            assertThat(d.hostMap().target(DemoSite.TIMEGATE_HOST)).contains(d.address());

            assertThat(DemoSite.startSecondNight(d, EXAMPLES)).containsExactly(DOOMED);
            assertThat(d.route(DOOMED).orElseThrow().code()).isEqualTo(404);
            assertThat(d.route(DOOMED_IMAGE).orElseThrow().code()).as("its image lives on").isEqualTo(200);
        }
    }

    @Test
    void theDemosArchivesAreOnlyTheDoublesTimeGateWithTheAddressPolicyOn() throws IOException {
        try (WebDouble d = DemoSite.startExample(EXAMPLES)) {
            var o = DemoSite.archiveOptions(d);
            assertThat(o.timegates()).containsExactly("http://archive.example/web/");
            assertThat(o.addressPolicy().allowPrivate()).isFalse();
            assertThat(o.hostMap().target("archive.example")).contains(d.address());
            assertThat(o.rate()).isEqualTo(DemoSite.ARCHIVE_RATE);
            assertThat(DemoSite.EXAMPLE_ARCHIVED).extracting(DemoSite.Archived::role).contains(Role.SOURCE, Role.IMAGE);
        }
    }
}
