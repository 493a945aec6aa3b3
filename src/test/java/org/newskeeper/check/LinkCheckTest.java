package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.config.Config;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.Dialect;
import org.newskeeper.history.Database;
import org.newskeeper.history.LinkHistory;
import org.newskeeper.history.LinkRun;
import org.newskeeper.history.MutableClock;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.LinkStatus;

class LinkCheckTest {
    @TempDir
    Path dir;
    private MockWebServer server;
    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T01:00:00Z"));
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        db = Database.open(dir.resolve("links.sqlite"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        db.close();
    }

    private void route(Function<RecordedRequest, MockResponse> f) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                hits.computeIfAbsent(request.getUrl().encodedPath(), k -> new AtomicInteger()).incrementAndGet();
                return f.apply(request);
            }
        });
    }

    private static MockResponse answer(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static Article article(String path, String source, Link... links) {
        List<Link> all = new ArrayList<>();
        all.add(new Link(source, Role.SOURCE, source, Optional.empty(), 2));
        all.addAll(List.of(links));
        return new Article(path, Path.of(path), Dialect.CANONICAL, Optional.empty(), Optional.of("t"),
                Optional.of(source), Optional.empty(), all);
    }

    private LinkCheckOptions.Builder options() {
        return TestOptions.fast().clock(clock);
    }

    private LinkReport run(LinkCheckOptions o, Article... articles) throws IOException {
        return new LinkCheck(db).run(Stream.of(articles), o);
    }

    private static LinkOutcome find(LinkReport r, String url) {
        return r.links().stream().filter(o -> o.url().equals(url)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + url + " in " + r.links()));
    }

    @Test
    void eachDistinctUrlIsCheckedOnceAndMappedBackToEveryCitingArticle() throws IOException {
        route(r -> answer(200));
        String image = url("/img/a.jpg");
        String sameImage = image.replace("/img/a.jpg", "/img/a.jpg#top").replace("http://", "HTTP://");
        LinkReport r = run(options().build(),
                article("rfi/1.md", url("/cn/1"), new Link(image, Role.IMAGE, image, Optional.empty(), 4)),
                article("rfi/2.md", url("/cn/2"), new Link(sameImage, Role.IMAGE, sameImage, Optional.empty(), 4),
                        new Link(image, Role.IMAGE, image, Optional.empty(), 4)));
        assertThat(r.links()).hasSize(3);
        LinkOutcome img = find(r, image);
        assertThat(img.status()).isEqualTo(LinkStatus.OK);
        assertThat(img.citations()).extracting(ref -> ref.path() + " " + ref.role().id())
                .containsExactly("rfi/1.md image", "rfi/2.md image");
        assertThat(hits.get("/img/a.jpg").get()).isEqualTo(1);
        assertThat(img.isNew()).isTrue();
        assertThat(img.firstSeen()).contains(clock.instant());
    }

    @Test
    void aUrlWithLowerCaseEscapesIsRequestedAsWrittenAndKeyedUpperCased() throws IOException {
        route(r -> answer(200));
        String lower = url("/img/%e5%9b%be.jpg");
        String upper = url("/img/%E5%9B%BE.jpg");
        LinkReport r = run(options().build(), article("rfi/1.md", url("/cn/1"),
                new Link(lower, Role.IMAGE, lower, Optional.empty(), 4), new Link(upper, Role.IMAGE, upper, Optional.empty(), 5)));
        assertThat(r.links()).extracting(LinkOutcome::url).containsExactly(url("/cn/1"), upper);
        assertThat(hits).containsOnlyKeys("/cn/1", "/img/%e5%9b%be.jpg");
        assertThat(hits.get("/img/%e5%9b%be.jpg").get()).isEqualTo(1);
    }

    @Test
    void aUrlCitedByManyArticlesKeepsTheirCitationsInReadingOrder() throws IOException {
        route(r -> answer(200));
        String shared = url("/shared.jpg");
        List<Article> many = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            many.add(article("rfi/" + i + ".md", url("/cn/" + i), new Link(shared, Role.IMAGE, shared, Optional.empty(), 4)));
        }
        LinkReport r = new LinkCheck(db).run(many.stream(), options().build());
        assertThat(r.links()).hasSize(701);
        assertThat(find(r, shared).citations()).extracting(c -> c.path())
                .containsExactlyElementsOf(many.stream().map(Article::path).toList());
    }

    @Test
    void anArticleThatCannotBeReadFailsTheRunWithItsOwnErrorAndNothingIsRequested() {
        route(r -> answer(200));
        java.io.UncheckedIOException unreadable = new java.io.UncheckedIOException(
                new IOException("rfi/2.md: cannot read: Permission denied"));
        Stream<Article> articles = Stream.of(1, 2, 3).map(i -> {
            if (i == 2) {
                throw unreadable;
            }
            return article("rfi/" + i + ".md", url("/cn/" + i));
        });
        assertThatThrownBy(() -> new LinkCheck(db).run(articles, options().build())).isSameAs(unreadable);
        assertThat(server.getRequestCount()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("newskeeper-links-read");
    }

    /**
     * {@code total} articles citing one image each; reading the one at {@code pauseAt} waits (up to
     * 5 s) for a request to the server and tells in {@code seenWhileReading} whether one came.
     */
    private Stream<Article> articlesWaitingAt(int total, int pauseAt, boolean[] seenWhileReading) {
        return articlesWaitingAt(total, pauseAt, seenWhileReading, Duration.ofSeconds(5));
    }

    private Stream<Article> articlesWaitingAt(int total, int pauseAt, boolean[] seenWhileReading, Duration wait) {
        int before = server.getRequestCount();
        return java.util.stream.IntStream.range(0, total).mapToObj(i -> {
            if (i == pauseAt) {
                long end = System.nanoTime() + wait.toNanos();
                while (server.getRequestCount() == before && System.nanoTime() < end) {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
                seenWhileReading[0] = server.getRequestCount() > before;
            }
            String image = url("/img/" + i + ".jpg");
            return article("rfi/" + i + ".md", url("/cn/" + i), new Link(image, Role.IMAGE, image, Optional.empty(), 4));
        });
    }

    @Test
    void newUrlsAreRequestedWhileTheArticlesAreStillReadAndEachIsReportedOnce() throws IOException {
        route(r -> answer(200));
        boolean[] seenWhileReading = {false};
        LinkReport r = new LinkCheck(db).run(articlesWaitingAt(300, 150, seenWhileReading), options().build());
        assertThat(seenWhileReading[0]).as("a request went out before the last article was read").isTrue();
        assertThat(r.links()).hasSize(600).allSatisfy(o -> assertThat(o.status()).isEqualTo(LinkStatus.OK));
        assertThat(r.requested()).isEqualTo(600);
        assertThat(server.getRequestCount()).as("each URL once").isEqualTo(600);
        assertThat(find(r, url("/img/7.jpg")).citations()).extracting(c -> c.path()).containsExactly("rfi/7.md");
    }

    @Test
    void withABudgetOrExclusionsNothingIsRequestedBeforeTheReadingEnds() throws IOException {
        route(r -> answer(200));
        boolean[] seenWhileReading = {true};
        LinkReport budgeted = new LinkCheck(db).run(articlesWaitingAt(300, 299, seenWhileReading, Duration.ofMillis(500)),
                options().budget(Budget.requests(100)).build());
        assertThat(seenWhileReading[0]).as("the budget's priorities need every URL first").isFalse();
        assertThat(budgeted.requested()).isEqualTo(100);

        clock.advance(Duration.ofDays(1));
        int before = server.getRequestCount();
        seenWhileReading[0] = true;
        List<java.util.regex.Pattern> exclude = List.of(java.util.regex.Pattern.compile("/never/"));
        new LinkCheck(db).run(articlesWaitingAt(300, 299, seenWhileReading, Duration.ofMillis(500)),
                options().exclude(exclude).build());
        assertThat(server.getRequestCount() - before).isPositive();
        assertThat(seenWhileReading[0]).as("a later spelling of a URL may match an exclusion").isFalse();
    }

    @Test
    void theCanaryIsAskedBeforeAnyRequestAndNotOnANightWithNothingDue() throws Exception {
        route(r -> answer(200));
        LinkCheckOptions o = options().canaries(List.of(url("/canary"))).build();
        boolean[] seenWhileReading = {false};
        LinkReport first = new LinkCheck(db).run(articlesWaitingAt(300, 150, seenWhileReading), o);
        assertThat(seenWhileReading[0]).isTrue();
        assertThat(first.unavailable()).isEmpty();
        assertThat(server.takeRequest().getUrl().encodedPath()).as("the first request").isEqualTo("/canary");
        assertThat(hits.get("/canary").get()).isEqualTo(1);

        clock.advance(Duration.ofHours(1));
        LinkReport second = new LinkCheck(db).run(articlesWaitingAt(300, 0, new boolean[1], Duration.ZERO), o);
        assertThat(second.requested()).isZero();
        assertThat(hits.get("/canary").get()).as("nothing due: no canary either").isEqualTo(1);
    }

    @Test
    void aLargeHistoryIsReadInOnePassBeforeAnyRequest() throws IOException {
        route(r -> answer(200));
        LinkHistory history = new LinkHistory(db, clock);
        long run = history.startRun();
        List<org.newskeeper.linkstate.LinkObservation> known = new ArrayList<>();
        for (int i = 0; i <= LinkCheck.EARLY_HISTORY; i++) {
            known.add(new org.newskeeper.linkstate.LinkObservation("https://known.example/" + i, clock.instant(),
                    LinkStatus.OK, Optional.of(200), Optional.empty(), List.of(), Optional.empty()));
        }
        history.recordAll(run, known, 3, Duration.ofDays(2));
        history.finishRun(run, known.size(), known.size());
        clock.advance(Duration.ofDays(1));
        boolean[] seenWhileReading = {true};
        LinkReport r = new LinkCheck(db).run(articlesWaitingAt(300, 299, seenWhileReading, Duration.ofMillis(500)),
                options().build());
        assertThat(seenWhileReading[0]).isFalse();
        assertThat(r.requested()).isEqualTo(600);
    }

    @Test
    void anArticleThatCannotBeReadAfterRequestsWentOutFailsTheRunAndRecordsNothing() {
        route(r -> answer(200));
        java.io.UncheckedIOException unreadable = new java.io.UncheckedIOException(
                new IOException("rfi/250.md: cannot read: Permission denied"));
        boolean[] seenWhileReading = {false};
        Stream<Article> articles = articlesWaitingAt(300, 249, seenWhileReading).map(a -> {
            if (a.path().equals("rfi/250.md")) {
                throw unreadable;
            }
            return a;
        });
        assertThatThrownBy(() -> new LinkCheck(db).run(articles, options().build())).isSameAs(unreadable);
        assertThat(seenWhileReading[0]).isTrue();
        LinkHistory history = new LinkHistory(db, clock);
        assertThat(history.runs()).as("no run started, none to resume").isEmpty();
        assertThat(history.states()).isEmpty();
    }

    @Test
    void aSecondRunWithinMaxAgeSendsNoRequestForAliveUrlsButRechecksFailures() throws IOException {
        route(r -> r.getUrl().encodedPath().equals("/gone") ? answer(404) : answer(200));
        Article a = article("a.md", url("/cn/alive"),
                new Link(url("/img.jpg"), Role.IMAGE, "", Optional.empty(), 4),
                new Link(url("/gone"), Role.LINK, "", Optional.empty(), 4));
        LinkReport first = run(options().build(), a);
        assertThat(first.requested()).isEqualTo(3);
        int afterFirst = server.getRequestCount();

        clock.advance(Duration.ofDays(1));
        LinkReport second = run(options().build(), a);
        assertThat(second.requested()).isEqualTo(1);
        assertThat(find(second, url("/cn/alive")).fromHistory()).isTrue();
        assertThat(find(second, url("/cn/alive")).status()).isEqualTo(LinkStatus.OK);
        assertThat(find(second, url("/cn/alive")).isNew()).isFalse();
        assertThat(find(second, url("/gone")).fromHistory()).isFalse();
        assertThat(find(second, url("/gone")).consecutiveFailures()).isEqualTo(2);
        assertThat(hits.get("/cn/alive").get()).isEqualTo(1);
        assertThat(hits.get("/img.jpg").get()).isEqualTo(1);
        assertThat(server.getRequestCount() - afterFirst).as("only the failure, a GET alone").isEqualTo(1);

        clock.advance(Duration.ofDays(10));
        LinkReport third = run(options().build(), a);
        assertThat(find(third, url("/cn/alive")).fromHistory()).as("past its recheck slot (at most 1.5 max ages)").isFalse();
        assertThat(hits.get("/cn/alive").get()).isEqualTo(2);
    }

    @Test
    void aFailureIsConfirmedOnTheThirdNightAndNotBefore() throws IOException {
        route(r -> answer(410));
        Article a = article("a.md", url("/cn/removed"));
        assertThat(run(options().build(), a).hasConfirmed()).isFalse();
        clock.advance(Duration.ofHours(24));
        assertThat(run(options().build(), a).hasConfirmed()).isFalse();
        clock.advance(Duration.ofHours(24));
        LinkReport third = run(options().build(), a);
        assertThat(third.hasConfirmed()).isTrue();
        LinkOutcome o = find(third, url("/cn/removed"));
        assertThat(o.status()).isEqualTo(LinkStatus.BROKEN);
        assertThat(o.consecutiveFailures()).isEqualTo(3);
        assertThat(o.firstSeen()).contains(Instant.parse("2026-03-01T01:00:00Z"));
        assertThat(o.lastOk()).isEmpty();
    }

    @Test
    void aNotFoundTakenFromATrustedHeadIsRecheckedWithAGetTheNextNight() throws IOException {
        // HEAD says 404 for every /gone-N; GET agrees, except for /gone-4, a page the HEAD handler does not know
        route(r -> !r.getUrl().encodedPath().startsWith("/gone") ? answer(200)
                : r.getMethod().equals("GET") && r.getUrl().encodedPath().equals("/gone-4") ? answer(200)
                : answer(404));
        List<Link> gone = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            gone.add(new Link(url("/gone-" + i), Role.LINK, "", Optional.empty(), 4 + i));
        }
        Article a = article("a.md", url("/cn/a"), gone.toArray(Link[]::new));
        LinkCheckOptions one = options().concurrency(1).perHost(1).build();

        LinkReport first = run(one, a);
        assertThat(find(first, url("/gone-4")).status()).as("the host's HEAD was trusted after three GETs agreed")
                .isEqualTo(LinkStatus.BROKEN);
        assertThat(hits.get("/gone-4").get()).as("HEAD only").isEqualTo(1);
        assertThat(hits.get("/gone-0").get()).as("HEAD and GET").isEqualTo(2);
        assertThat(first.headOnly()).as("/gone-3 and /gone-4").isEqualTo(2);

        clock.advance(Duration.ofDays(1));
        LinkReport second = run(one, a);
        assertThat(find(second, url("/gone-4")).status()).isEqualTo(LinkStatus.OK);
        assertThat(find(second, url("/gone-3")).consecutiveFailures()).isEqualTo(2);
        assertThat(find(second, url("/gone-3")).error()).as("the GET's verdict repeats the HEAD's")
                .isEqualTo(find(first, url("/gone-3")).error());
        assertThat(second.headOnly()).isZero();
        assertThat(hits.get("/gone-4").get()).as("the failing URL's recheck: a GET alone").isEqualTo(2);
        assertThat(hits.get("/gone-3").get()).isEqualTo(2);
    }

    @Test
    void theServerNeverSeesMoreThanPerHostRequestsAtOnce() throws IOException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        route(r -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return answer(200);
        });
        Link[] links = new Link[20];
        for (int i = 0; i < links.length; i++) {
            links[i] = new Link(url("/p/" + i), Role.LINK, "", Optional.empty(), 3);
        }
        LinkReport r = run(options().concurrency(8).perHost(2).build(), article("a.md", url("/p/source"), links));
        assertThat(r.summary().get(LinkStatus.OK)).isEqualTo(21);
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void requestsToOneHostStartAtLeastTheIntervalApart() throws IOException {
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        route(r -> {
            starts.add(System.nanoTime());
            return answer(200);
        });
        Link[] links = new Link[5];
        for (int i = 0; i < links.length; i++) {
            links[i] = new Link(url("/q/" + i), Role.LINK, "", Optional.empty(), 3);
        }
        run(options().build(), article("warm-up.md", url("/warm-up"))); // the first connection of a JVM is slow
        starts.clear();
        run(options().concurrency(6).perHost(6).perHostInterval(Duration.ofMillis(40)).build(),
                article("a.md", url("/q/source"), links));
        List<Long> sorted = starts.stream().sorted().collect(Collectors.toList());
        assertThat(sorted).hasSize(6);
        // Seen from the server, a gap can shrink by the set-up jitter of the connection before it
        // (2 noisy cores), by at most one interval over the whole run: 6 starts 40 ms apart span at
        // least 160 ms as received. Without the interval they would all arrive within a few ms.
        assertThat((sorted.get(sorted.size() - 1) - sorted.get(0)) / 1_000_000).isGreaterThanOrEqualTo(5 * 40 - 40);
        long wideGaps = java.util.stream.IntStream.range(1, sorted.size())
                .filter(i -> (sorted.get(i) - sorted.get(i - 1)) / 1_000_000 >= 30).count();
        assertThat(wideGaps).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aShareIsCheckedThroughItsTargetAndAMismatchWithTheSourceIsReported() throws IOException {
        route(r -> {
            switch (r.getUrl().encodedPath()) {
                case "/s/good": return new MockResponse.Builder().code(301).addHeader("Location", "/cn/article-1").build();
                case "/s/other": return new MockResponse.Builder().code(301).addHeader("Location", "/cn/article-2").build();
                default: return answer(200);
            }
        });
        String good = "https://www.facebook.com/sharer/sharer.php?u=" + url("/s/good");
        String other = "https://twitter.com/intent/tweet?url=" + url("/s/other");
        LinkReport r = run(options().build(), article("rfi/1.md", url("/cn/article-1"),
                new Link(good, Role.SHARE, good, Optional.of(url("/s/good")), 5),
                new Link(other, Role.SHARE, other, Optional.empty(), 5),
                new Link("https://web.whatsapp.com/send?text=nothing", Role.SHARE, "", Optional.empty(), 5),
                new Link("whatsapp://send?text=" + url("/s/good"), Role.SHARE, "", Optional.empty(), 5)));
        LinkOutcome g = find(r, url("/s/good"));
        assertThat(g.status()).isEqualTo(LinkStatus.REDIRECTED);
        assertThat(g.shareMismatch()).isFalse();
        assertThat(g.citations()).hasSize(2).allSatisfy(ref -> assertThat(ref.via()).isPresent());
        LinkOutcome o = find(r, url("/s/other"));
        assertThat(o.shareMismatch()).isTrue();
        assertThat(o.citations().get(0).via()).contains(other);
        assertThat(o.citations().get(0).expected()).contains(url("/cn/article-1"));
        assertThat(r.find(other)).as("a share endpoint finds what it shares").contains(o);
        assertThat(r.find(url("/s/good").toUpperCase(java.util.Locale.ROOT).replace("/S/GOOD", "/s/good") + "#x"))
                .contains(g);
        assertThat(r.find("https://nowhere.example/")).isEmpty();
        LinkOutcome empty = find(r, "https://web.whatsapp.com/send?text=nothing");
        assertThat(empty.status()).isEqualTo(LinkStatus.INVALID);
        assertThat(empty.error().orElse("")).contains("share");
        assertThat(r.links()).noneMatch(l -> l.url().contains("facebook.com") || l.url().contains("twitter.com"));
        assertThat(r.requested()).as("source and the two targets").isEqualTo(3);
        java.io.StringWriter text = new java.io.StringWriter();
        LinkReportText.write(r, new java.io.PrintWriter(text));
        assertThat(text.toString()).contains("in rfi/1.md:5 (share) shared via " + other + " leads to "
                + url("/cn/article-2") + ", not to the article's source " + url("/cn/article-1"));
    }

    @Test
    void malformedUrlsAreInvalidAndOtherSchemesUnsupportedWithoutARequest() throws IOException {
        route(r -> answer(200));
        LinkReport r = run(options().build(), article("a.md", url("/cn/a"),
                new Link("http://", Role.LINK, "", Optional.empty(), 4),
                new Link(url("/") + "x".repeat(1_000_000), Role.LINK, "", Optional.empty(), 4),
                new Link("/relative/only", Role.IMAGE, "", Optional.empty(), 4),
                new Link("mailto:desk@rfi.fr", Role.LINK, "", Optional.empty(), 4),
                new Link("whatsapp://send?text=hello", Role.SHARE, "", Optional.empty(), 4)));
        assertThat(find(r, "http://").status()).isEqualTo(LinkStatus.INVALID);
        LinkOutcome huge = r.links().stream().filter(o -> o.url().endsWith("...")).findFirst().orElseThrow();
        assertThat(huge.status()).isEqualTo(LinkStatus.INVALID);
        assertThat(huge.error().orElse("")).contains("longer than 8192");
        assertThat(find(r, "/relative/only").status()).isEqualTo(LinkStatus.INVALID);
        assertThat(find(r, "mailto:desk@rfi.fr").status()).isEqualTo(LinkStatus.UNSUPPORTED);
        assertThat(find(r, "whatsapp://send?text=hello").status()).isEqualTo(LinkStatus.UNSUPPORTED);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(new LinkHistory(db).latest("mailto:desk@rfi.fr").orElseThrow().status()).isEqualTo(LinkStatus.UNSUPPORTED);
    }

    @Test
    void urlTyposAreInvalidWithTheRulesMessageAndNoRequestOrLookup() throws IOException {
        route(r -> answer(200));
        String doubled = "http://https://chinadigitaltimes.net/chinese/2020/02/b";
        String entity = url("/search") + "?q=x&amp;lang=zh";
        LinkReport r = run(options().build(), article("a.md", url("/cn/a"),
                new Link(doubled, Role.LINK, doubled, Optional.empty(), 4),
                new Link(entity, Role.LINK, entity, Optional.empty(), 5)));
        // the rule's message, without asking a host named "https"
        LinkOutcome typo = r.links().stream().filter(o -> o.citations().get(0).line() == 4).findFirst().orElseThrow();
        assertThat(typo.status()).isEqualTo(LinkStatus.INVALID);
        assertThat(typo.error()).hasValue(org.newskeeper.links.Urls.typo(doubled).orElseThrow())
                .hasValueSatisfying(e -> assertThat(e).contains("doubled scheme"));
        assertThat(find(r, entity).status()).isEqualTo(LinkStatus.INVALID);
        assertThat(find(r, entity).error()).hasValueSatisfying(e -> assertThat(e).contains("'&amp;'", "double escaping"));
        assertThat(hits).doesNotContainKey("/search");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void urlsMatchingTheConfiguredExclusionsAreExcludedAndNotRequested() throws Exception {
        route(r -> answer(200));
        Path toml = dir.resolve("newskeeper.toml");
        Files.writeString(toml, "[links]\nexclude = [\"/private/\", \"\\\\.pdf$\"]\nper_host = 3\n");
        LinkCheckOptions fromConfig = LinkCheckOptions.from(Config.read(toml));
        assertThat(fromConfig.perHost()).isEqualTo(3);
        LinkCheckOptions o = options().exclude(fromConfig.exclude()).build();
        LinkReport r = run(o, article("a.md", url("/cn/a"),
                new Link(url("/private/x"), Role.LINK, "", Optional.empty(), 4),
                new Link(url("/doc.pdf"), Role.LINK, "", Optional.empty(), 4)));
        assertThat(find(r, url("/private/x")).status()).isEqualTo(LinkStatus.EXCLUDED);
        assertThat(find(r, url("/doc.pdf")).status()).isEqualTo(LinkStatus.EXCLUDED);
        assertThat(find(r, url("/doc.pdf")).error().orElse("")).contains("pdf");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anExclusionMatchingOnlyHowOneCitationWroteTheUrlExcludesIt() throws Exception {
        route(r -> answer(200));
        String plain = url("/cn/x");
        LinkCheckOptions o = options().exclude(List.of(java.util.regex.Pattern.compile("#private$"))).build();
        LinkReport r = run(o, article("a.md", url("/cn/a"), new Link(plain, Role.LINK, "", Optional.empty(), 4)),
                article("b.md", url("/cn/b"), new Link(plain + "#private", Role.LINK, "", Optional.empty(), 5)));
        LinkOutcome x = find(r, plain);
        assertThat(x.status()).isEqualTo(LinkStatus.EXCLUDED);
        assertThat(x.citations()).extracting(c -> c.path()).containsExactly("a.md", "b.md");
        assertThat(hits.get("/cn/x")).isNull();
    }

    @Test
    void aBadExclusionPatternIsAConfigErrorNamingTheFile() throws IOException {
        Path toml = dir.resolve("bad.toml");
        Files.writeString(toml, "[links]\nexclude = [\"(unclosed\"]\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinkCheckOptions.from(Config.read(toml)))
                .hasMessageContaining("bad.toml").hasMessageContaining("(unclosed");
    }

    @Test
    void theListenerHearsEveryUrl() throws IOException {
        route(r -> answer(200));
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int[] planned = new int[2];
        new LinkCheck(db).run(Stream.of(article("a.md", url("/x"), new Link(url("/y"), Role.LINK, "", Optional.empty(), 3))),
                options().build(), new LinkCheck.Listener() {
                    @Override
                    public void started(int urls, int toRequest) {
                        planned[0] = urls;
                        planned[1] = toRequest;
                    }

                    @Override
                    public void checked(LinkOutcome outcome) {
                        heard.add(outcome.url());
                    }
                });
        assertThat(planned).containsExactly(2, 2);
        assertThat(heard).containsExactlyInAnyOrder(url("/x"), url("/y"));
    }

    @Test
    void privateAddressesAreRefusedByDefaultInARun() throws IOException {
        route(r -> answer(200));
        LinkReport r = run(options().addressPolicy(AddressPolicy.PUBLIC_ONLY).build(), article("a.md", url("/cn/a")));
        assertThat(r.links().get(0).status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
        assertThat(server.getRequestCount()).isZero();
    }
    @Test
    void requestedCountsOnlyUrlsARequestWasSentForAndIsNewStaysFirstSeen() throws IOException {
        route(r -> r.getUrl().encodedPath().equals("/hop")
                ? new MockResponse.Builder().code(302).addHeader("Location", "http://127.0.0.1:" + server.getPort() + "/inside").build()
                : answer(200));
        LinkCheckOptions strict = options().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                .hostMap(new HostMap(Map.of("public.example", server.getSocketAddress())))
                .exclude(List.of(java.util.regex.Pattern.compile("\\.pdf$"))).build();
        String loopback = "http://127.0.0.1:" + server.getPort() + "/x";
        Article a = article("a.md", "http://public.example/cn/a",
                new Link(loopback, Role.LINK, "", Optional.empty(), 4),
                new Link("http://public.example/hop", Role.LINK, "", Optional.empty(), 4),
                new Link("http://[bad", Role.LINK, "", Optional.empty(), 4),
                new Link("whatsapp://send?text=x", Role.SHARE, "", Optional.empty(), 4),
                new Link("http://public.example/doc.pdf", Role.LINK, "", Optional.empty(), 4));
        LinkReport first = run(strict, a);
        assertThat(find(first, loopback).status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
        assertThat(find(first, "http://public.example/hop").status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
        assertThat(first.links()).extracting(LinkOutcome::status).contains(LinkStatus.INVALID, LinkStatus.UNSUPPORTED,
                LinkStatus.EXCLUDED);
        assertThat(first.requested()).as("the source, and the hop that was sent before its redirect was refused")
                .isEqualTo(2);
        assertThat(new LinkHistory(db).runs()).filteredOn(run -> run.id() == first.runId())
                .extracting(LinkRun::requested).containsExactly(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(find(first, loopback).isNew()).as("seen for the first time, though never requested").isTrue();

        clock.advance(Duration.ofDays(1));
        LinkReport second = run(strict, a);
        assertThat(second.requested()).as("the source is alive in the history; the hop is rechecked").isEqualTo(1);
        assertThat(find(second, loopback).isNew()).isFalse();
        assertThat(find(second, "http://public.example/hop").isNew()).isFalse();
    }
}
