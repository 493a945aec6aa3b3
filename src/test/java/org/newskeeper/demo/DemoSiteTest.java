package org.newskeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.newskeeper.corpus.Article;
import org.newskeeper.links.Role;

class DemoSiteTest {
    private static final Path EXAMPLES = Path.of("examples", "corpus");

    @Test
    void everySourceFaultOfTheDemoNamesAnExampleArticle() throws IOException {
        try (WebDouble d = WebDouble.start()) {
            Map<String, Article> articles = DemoSite.serve(d, EXAMPLES);
            Set<DemoSite.Entry> resolved = DemoSite.resolve(articles, DemoSite.EXAMPLE_FAULTS).keySet();
            assertThat(resolved).containsAll(DemoSite.EXAMPLE_FAULTS.stream()
                    .filter(e -> e.role() == Role.SOURCE).collect(Collectors.toSet()));
        }
    }

    @Test
    void theDemoDoubleAnswersForEveryHostTheExamplesCiteAsSource() throws IOException {
        try (WebDouble d = DemoSite.start(EXAMPLES, DemoSite.EXAMPLE_FAULTS)) {
            assertThat(d.hosts()).contains("www.rfi.fr", "www.voachinese.com", "www.bbc.com",
                    "chinadigitaltimes.net", "www.rti.org.tw", "www.dw.com");
            assertThat(d.hostMap().target("WWW.RFI.FR")).contains(d.address());
        }
    }
}
