package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.history.Database;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.UrlKey;

/**
 * The fixture articles of the corpus model, parsed by the real parser and checked end to end. Every
 * host they cite is served by one loopback server through a {@link HostMap}; the resolver refuses
 * every name, so not one request can leave the machine.
 */
class ParsedArticlesTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/articles/valid");

    @TempDir
    Path dir;
    private MockWebServer server;
    private final Set<String> hostsSeen = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<Article> articles() throws IOException {
        try (Stream<Article> s = Corpus.files(FIXTURES).map(ArticleParser::parse)) {
            return s.toList();
        }
    }

    @Test
    void sharesOfTheRfiFixtureLeadThroughRfiMyToTheirArticleAndNoEndpointIsRequested() throws IOException {
        List<Article> articles = articles();
        Article rfi = articles.stream().filter(a -> a.path().equals("rfi.md")).findFirst().orElseThrow();
        String source = rfi.source().orElseThrow();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String host = r.getHeaders().get("Host");
                hostsSeen.add(host);
                if (r.getUrl().encodedPath().startsWith("/newskeeper-probe-")) {
                    return new MockResponse.Builder().code(404).build();
                }
                if ("rfi.my".equals(host)) {
                    return new MockResponse.Builder().code(301).addHeader("Location", source).build();
                }
                return new MockResponse.Builder().code(200).build();
            }
        });
        List<LinkCheck.Request> requests = new ArrayList<>();
        Set<String> hosts = new HashSet<>();
        for (Article a : articles) {
            for (LinkCheck.Request c : LinkCheck.requests(a)) {
                requests.add(c);
                UrlKey.parse(c.url()).url().map(HttpUrl::host).ifPresent(hosts::add);
            }
        }
        assertThat(hosts).contains("www.rfi.fr", "s.rfi.fr", "rfi.my")
                .doesNotContain("www.facebook.com", "twitter.com", "web.whatsapp.com");
        Map<String, java.net.InetSocketAddress> map = new java.util.HashMap<>();
        for (String h : hosts) {
            map.put(h, server.getSocketAddress());
        }
        LinkCheckOptions options = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                .hostMap(new HostMap(map)).softNotFoundProbe(true).build();
        LinkReport report;
        try (Database db = Database.open(dir.resolve("links.sqlite"))) {
            report = new LinkCheck(db).check(requests, options, LinkCheck.QUIET, host -> {
                throw new UnknownHostException("no DNS in this test: " + host);
            });
        }
        assertThat(report.links()).allSatisfy(o -> assertThat(o.status().kind())
                .as(o.url() + " " + o.error().orElse("")).isIn(LinkStatus.Kind.ALIVE, LinkStatus.Kind.NOT_CHECKED));
        for (String shortLink : List.of("https://rfi.my/ab12.F", "https://rfi.my/ab12.W", "https://rfi.my/ab12.T")) {
            LinkOutcome o = report.links().stream().filter(l -> l.url().equals(shortLink)).findFirst().orElseThrow();
            assertThat(o.status()).isEqualTo(LinkStatus.REDIRECTED);
            assertThat(o.citations()).allSatisfy(r -> {
                assertThat(r.role()).isEqualTo(Role.SHARE);
                assertThat(r.path()).isEqualTo("rfi.md");
                assertThat(r.via()).isPresent();
                assertThat(o.shareMismatch(r)).isFalse();
            });
        }
        assertThat(hostsSeen).doesNotContain("www.facebook.com", "twitter.com", "web.whatsapp.com")
                .contains("www.rfi.fr", "rfi.my");
        assertThat(report.links()).extracting(LinkOutcome::url).doesNotHaveDuplicates();
        assertThat(Optional.of(report.requested())).get().isEqualTo(
                (int) report.links().stream().filter(l -> l.status().kind() != LinkStatus.Kind.NOT_CHECKED).count());
    }
}
