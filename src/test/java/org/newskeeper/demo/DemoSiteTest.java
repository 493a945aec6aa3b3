package org.newskeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.newskeeper.corpus.Article;

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
}
