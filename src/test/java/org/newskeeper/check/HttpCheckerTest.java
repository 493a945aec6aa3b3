package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.newskeeper.Version;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

class HttpCheckerTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse answer(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    /** A page: with its body for GET, without for HEAD, as a real server answers. */
    private static MockResponse page(RecordedRequest r, String body) {
        MockResponse.Builder b = new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html");
        return (r.getMethod().equals("HEAD") ? b : b.body(body)).build();
    }

    private static MockResponse redirect(int code, String location) {
        return new MockResponse.Builder().code(code).addHeader("Location", location).build();
    }

    private void route(Function<RecordedRequest, MockResponse> f) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return f.apply(request);
            }
        });
    }

    private CheckResult check(LinkCheckOptions options, HttpUrl url) {
        try (HttpChecker checker = new HttpChecker(options)) {
            return checker.check(url);
        }
    }

    private CheckResult check(HttpUrl url) {
        return check(TestOptions.fast().build(), url);
    }

    @Test
    void aLinkAnsweringHeadWith200IsOkAndOneHeadRequestWithOurHeaders() throws Exception {
        server.enqueue(answer(200));
        CheckResult r = check(server.url("/article"));
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
        assertThat(r.code()).contains(200);
        assertThat(r.finalUrl()).contains(server.url("/article").toString());
        assertThat(server.getRequestCount()).isEqualTo(1);
        RecordedRequest req = server.takeRequest();
        assertThat(req.getMethod()).isEqualTo("HEAD");
        assertThat(req.getHeaders().get("User-Agent")).isEqualTo(Version.userAgent()).startsWith("newskeeper/");
        assertThat(req.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void theUserAgentCanBeOverridden() throws Exception {
        server.enqueue(answer(200));
        check(TestOptions.fast().userAgent("archive-bot/2").build(), server.url("/"));
        assertThat(server.takeRequest().getHeaders().get("User-Agent")).isEqualTo("archive-bot/2");
    }

    @ParameterizedTest
    @ValueSource(ints = {405, 501})
    void headRefusedFallsBackToGetAndTheHostIsRemembered(int refusal) throws Exception {
        route(r -> r.getMethod().equals("HEAD") ? answer(refusal)
                : new MockResponse.Builder().code(200).body("<title>x</title>").build());
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().build())) {
            CheckResult first = checker.check(server.url("/a"));
            CheckResult second = checker.check(server.url("/b"));
            assertThat(first.status()).isEqualTo(LinkStatus.OK);
            assertThat(first.method()).isEqualTo("GET");
            assertThat(second.status()).isEqualTo(LinkStatus.OK);
        }
        assertThat(server.takeRequest().getMethod()).isEqualTo("HEAD");
        assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
        assertThat(server.takeRequest().getMethod()).as("HEAD is not tried again on that host").isEqualTo("GET");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"404, broken", "410, broken", "400, broken", "401, blocked", "403, blocked", "999, blocked"})
    void finalCodesMapToTheirStatus(int code, String status) {
        route(r -> answer(code));
        CheckResult r = check(server.url("/x"));
        assertThat(r.status().id()).isEqualTo(status);
        assertThat(r.code()).contains(code);
        assertThat(r.error().orElse("")).contains("HTTP " + code);
    }

    @Test
    void aNotFoundHeadIsConfirmedWithAGetBeforeItIsBroken() throws Exception {
        route(r -> r.getMethod().equals("HEAD") ? answer(404) : answer(200));
        CheckResult r = check(server.url("/head-lies"));
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    /** Counts the requests of each method, for the tests of the HEAD "not found" a GET confirmed. */
    private java.util.concurrent.ConcurrentHashMap<String, Integer> countMethods(Function<RecordedRequest, MockResponse> f) {
        java.util.concurrent.ConcurrentHashMap<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
        route(r -> {
            seen.merge(r.getMethod(), 1, Integer::sum);
            return f.apply(r);
        });
        return seen;
    }

    @Test
    void aHostWhoseHeadNotFoundGetsRepeatedIsTakenAtItsHeadsWordAfterThreeTimes() {
        var seen = countMethods(r -> r.getUrl().encodedPath().startsWith("/gone") ? answer(404) : page(r, "<title>a</title>"));
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().build())) {
            CheckResult confirmed = null;
            for (int i = 0; i < HeadFallbackInterceptor.TRUST_AFTER; i++) {
                confirmed = checker.check(server.url("/gone-" + i));
                assertThat(confirmed.status()).isEqualTo(LinkStatus.BROKEN);
                assertThat(confirmed.method()).isEqualTo("GET");
                assertThat(confirmed.headOnly()).isFalse();
            }
            CheckResult taken = checker.check(server.url("/gone-next"));
            assertThat(taken.status()).isEqualTo(LinkStatus.BROKEN);
            assertThat(taken.code()).contains(404);
            assertThat(taken.method()).as("decided by the HEAD").isEqualTo("HEAD");
            assertThat(taken.headOnly()).isTrue();
            assertThat(taken.error()).as("the error a GET's would have been: its recheck is no change")
                    .isEqualTo(confirmed.error());
        }
        assertThat(seen).containsEntry("HEAD", HeadFallbackInterceptor.TRUST_AFTER + 1)
                .containsEntry("GET", HeadFallbackInterceptor.TRUST_AFTER);
    }

    @Test
    void aHeadNotFoundLeftAloneForItsRetryAfterIsNotCountedAsTakenAtItsWord() {
        route(r -> new MockResponse.Builder().code(404).addHeader("Retry-After", "1").build());
        CheckResult r = check(server.url("/gone"));
        assertThat(r.method()).isEqualTo("HEAD");
        assertThat(r.code()).contains(404);
        assertThat(r.headOnly()).as("no host trusted: the HEAD asked to be left alone").isFalse();
    }

    @Test
    void aUrlThatFailedBeforeIsRecheckedWithAGetAloneEvenOnAHostWhoseHeadIsTrusted() {
        var seen = countMethods(r -> answer(410));
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().build())) {
            for (int i = 0; i < HeadFallbackInterceptor.TRUST_AFTER; i++) {
                checker.check(server.url("/gone-" + i));
            }
            CheckResult recheck = checker.check(server.url("/gone-before"), true);
            assertThat(recheck.status()).isEqualTo(LinkStatus.BROKEN);
            assertThat(recheck.method()).isEqualTo("GET");
        }
        assertThat(seen).containsEntry("GET", HeadFallbackInterceptor.TRUST_AFTER + 1)
                .as("no HEAD before the recheck's GET").containsEntry("HEAD", HeadFallbackInterceptor.TRUST_AFTER);
    }

    @Test
    void oneGetThatContradictsItsHeadEndsTheHostsTrustForTheRun() {
        // HEAD says 404 everywhere; GET agrees except on /real, a page HEAD does not know
        var seen = countMethods(r -> r.getMethod().equals("HEAD") || !r.getUrl().encodedPath().equals("/real") ? answer(404)
                : page(r, "<title>real</title>"));
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().build())) {
            checker.check(server.url("/gone-0"));
            checker.check(server.url("/gone-1"));
            assertThat(checker.check(server.url("/real")).status()).isEqualTo(LinkStatus.OK);
            for (int i = 2; i < 2 + HeadFallbackInterceptor.TRUST_AFTER + 1; i++) {
                assertThat(checker.check(server.url("/gone-" + i)).method()).isEqualTo("GET");
            }
        }
        assertThat(seen.get("GET")).isEqualTo(seen.get("HEAD"));
    }

    @Test
    void aCloudflareChallengeIsBlockedNotBroken() {
        route(r -> new MockResponse.Builder().code(403).addHeader("cf-mitigated", "challenge").build());
        CheckResult r = check(server.url("/walled"));
        assertThat(r.status()).isEqualTo(LinkStatus.BLOCKED);
        assertThat(r.error().orElse("")).contains("challenge");
    }

    @Test
    void serverErrorsAreRetriedThenReported() {
        route(r -> answer(503));
        CheckResult r = check(server.url("/down"));
        assertThat(r.status()).isEqualTo(LinkStatus.SERVER_ERROR);
        assertThat(r.retries()).isEqualTo(2);
        // each attempt: HEAD 503, then GET 503
        assertThat(server.getRequestCount()).isEqualTo(6);
        assertThat(r.error().orElse("")).contains("HTTP 503").contains("after 2 retries");
    }

    @Test
    void aServerErrorThatPassesIsOkAfterARetry() {
        server.enqueue(answer(502));
        server.enqueue(answer(502));
        server.enqueue(answer(200));
        CheckResult r = check(server.url("/flaky"));
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
        assertThat(r.retries()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsAfterRetriesIsBlocked() {
        route(r -> answer(429));
        CheckResult r = check(server.url("/busy"));
        assertThat(r.status()).isEqualTo(LinkStatus.BLOCKED);
        assertThat(server.getRequestCount()).as("429 is retried, not answered with a GET").isEqualTo(3);
    }

    @Test
    void retryAfterInSecondsIsHonoured() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
        server.enqueue(answer(200));
        long start = System.nanoTime();
        CheckResult r = check(server.url("/later"));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
        assertThat(r.retries()).isEqualTo(1);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(950);
    }

    @Test
    void retryAfterHoldsTheHostsOtherUrlsToo() throws Exception {
        // The host's first answer asks for a second's rest; another URL, asked while it rests, waits too.
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ConcurrentHashMap<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
        route(r -> {
            seen.putIfAbsent(r.getUrl().encodedPath(), System.nanoTime());
            return calls.getAndIncrement() == 0
                    ? new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build()
                    : answer(200);
        });
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().build())) {
            java.util.concurrent.CompletableFuture<CheckResult> other = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    other.complete(checker.check(server.url("/second")));
                } catch (InterruptedException e) {
                    other.completeExceptionally(e);
                }
            });
            long start = System.nanoTime();
            t.start();
            assertThat(checker.check(server.url("/first")).status()).isEqualTo(LinkStatus.OK);
            assertThat(other.get(5, TimeUnit.SECONDS).status()).isEqualTo(LinkStatus.OK);
            assertThat(TimeUnit.NANOSECONDS.toMillis(seen.get("/second") - start))
                    .as("/second waited for the rest /first's answer asked of the host").isGreaterThanOrEqualTo(900);
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        java.time.Instant when = java.time.Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atZone(java.time.ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", date).build());
        server.enqueue(answer(200));
        CheckResult r = check(server.url("/date"));
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
        assertThat(java.time.Instant.now()).as("not retried before " + date).isAfterOrEqualTo(when.minusMillis(50));
        assertThat(server.getRequestCount()).as("HEAD 503 with Retry-After, then HEAD 200").isEqualTo(2);
    }

    @Test
    void aRetryAfterLongerThanTheCapEndsTheRetries() {
        route(r -> new MockResponse.Builder().code(503).addHeader("Retry-After", "3600").build());
        CheckResult r = check(server.url("/maintenance"));
        assertThat(r.status()).isEqualTo(LinkStatus.SERVER_ERROR);
        assertThat(r.error().orElse("")).contains("Retry-After 1h").contains("cap");
        assertThat(server.getRequestCount()).as("HEAD only: no GET on top of a Retry-After, no retry").isEqualTo(1);
    }

    @Test
    void aRedirectChainIsFollowedAndRecorded() {
        route(r -> {
            switch (r.getUrl().encodedPath()) {
                case "/a": return redirect(301, "/b");
                case "/b": return redirect(302, server.url("/c").toString());
                case "/c": return answer(200);
                default: return answer(404);
            }
        });
        CheckResult r = check(server.url("/a"));
        assertThat(r.status()).isEqualTo(LinkStatus.REDIRECTED);
        assertThat(r.redirects()).containsExactly(
                new Redirect(server.url("/a").toString(), 301), new Redirect(server.url("/b").toString(), 302));
        assertThat(r.finalUrl()).contains(server.url("/c").toString());
    }

    @Test
    void redirectLoopIsReportedNotFollowedForever() {
        route(r -> r.getUrl().encodedPath().equals("/x") ? redirect(302, "/y") : redirect(302, "/x"));
        CheckResult r = check(server.url("/x"));
        assertThat(r.status()).isEqualTo(LinkStatus.BROKEN);
        assertThat(r.error().orElse("")).contains("redirect loop");
        assertThat(r.redirects()).hasSize(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aConsentWallThatSetsACookieAndRedirectsBackIsNotALoop() throws Exception {
        route(r -> {
            String cookie = r.getHeaders().get("Cookie");
            if (cookie != null && cookie.contains("consent=yes")) {
                return answer(200);
            }
            return new MockResponse.Builder().code(302).addHeader("Set-Cookie", "consent=yes; Path=/")
                    .addHeader("Location", "/article").build();
        });
        CheckResult r = check(server.url("/article"));
        assertThat(r.status()).isEqualTo(LinkStatus.REDIRECTED);
        assertThat(r.redirects()).hasSize(1);
    }

    @Test
    void aWallThatKeepsSettingCookiesIsStillALoop() {
        route(r -> new MockResponse.Builder().code(302).addHeader("Set-Cookie", "n=" + System.nanoTime() + "; Path=/")
                .addHeader("Location", "/wall").build());
        CheckResult r = check(server.url("/wall"));
        assertThat(r.status()).isEqualTo(LinkStatus.BROKEN);
        assertThat(r.error().orElse("")).contains("redirect loop");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void tenRedirectsAreFollowedAndTheEleventhIsRefused() {
        route(r -> {
            int n = Integer.parseInt(r.getUrl().pathSegments().get(1));
            return n == 10 ? answer(200) : redirect(307, "/r/" + (n + 1));
        });
        assertThat(check(server.url("/r/0")).status()).isEqualTo(LinkStatus.REDIRECTED);
        CheckResult tooLong = check(server.url("/r/-1"));
        assertThat(tooLong.status()).isEqualTo(LinkStatus.BROKEN);
        assertThat(tooLong.error().orElse("")).contains("more than 10 redirects");
    }

    @Test
    void aRedirectToAnotherSchemeIsUnsupported() {
        route(r -> redirect(302, "whatsapp://send?text=hi"));
        assertThat(check(server.url("/app")).status()).isEqualTo(LinkStatus.UNSUPPORTED);
    }

    @Test
    void aBodyThatTricklesInIsATimeout() {
        route(r -> r.getMethod().equals("HEAD") ? answer(405)
                : new MockResponse.Builder().code(200).body("x".repeat(200))
                        .throttleBody(1, 50, TimeUnit.MILLISECONDS).build());
        CheckResult r = check(TestOptions.fast().maxRetries(0).build(), server.url("/slow"));
        assertThat(r.status()).isEqualTo(LinkStatus.TIMEOUT);
        assertThat(r.error().orElse("")).contains("body");
    }

    @Test
    void aBodyLargerThanTheCapIsReadOnlyUpToTheCap() throws Exception {
        route(r -> r.getMethod().equals("HEAD") ? answer(405)
                : new MockResponse.Builder().code(200).body("y".repeat(1_000_000)).build());
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().bodyCap(1000).build())) {
            assertThat(checker.check(server.url("/big")).status()).isEqualTo(LinkStatus.OK);
        }
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() throws Exception {
        try (ServerSocket silent = RawServers.silent()) {
            long start = System.nanoTime();
            CheckResult r = check(TestOptions.fast().maxRetries(1).build(),
                    HttpUrl.get("http://127.0.0.1:" + silent.getLocalPort() + "/"));
            assertThat(r.status()).isEqualTo(LinkStatus.TIMEOUT);
            assertThat(r.retries()).isEqualTo(1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        }
    }

    @Test
    void aResetConnectionIsRetriedThenUnreachable() throws Exception {
        try (RawServers.Resetting reset = new RawServers.Resetting()) {
            CheckResult r = check(TestOptions.fast().maxRetries(1).build(),
                    HttpUrl.get("http://127.0.0.1:" + reset.port() + "/"));
            assertThat(r.status()).isEqualTo(LinkStatus.UNREACHABLE);
            assertThat(r.retries()).isEqualTo(1);
            assertThat(r.error().orElse("")).containsIgnoringCase("reset");
            assertThat(reset.accepted.get()).as("HEAD and GET, twice").isEqualTo(4);
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        CheckResult r = check(HttpUrl.get("http://127.0.0.1:" + RawServers.closedPort() + "/"));
        assertThat(r.status()).isEqualTo(LinkStatus.UNREACHABLE);
        assertThat(r.retries()).as("a refusal is not retried").isZero();
        assertThat(r.error().orElse("")).contains("refused");
    }

    @Test
    void anUnknownHostIsUnreachable() {
        try (HttpChecker checker = new HttpChecker(TestOptions.fast().build(), host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        })) {
            CheckResult r = checker.check(HttpUrl.get("http://no-such-host.invalid/"));
            assertThat(r.status()).isEqualTo(LinkStatus.UNREACHABLE);
            assertThat(r.error().orElse("")).startsWith("unknown host");
        }
    }

    @Test
    void tlsSpokenToAPlainServerIsATlsError() {
        route(r -> answer(200));
        HttpUrl url = server.url("/").newBuilder().scheme("https").port(server.getPort()).build();
        CheckResult r = check(url);
        assertThat(r.status()).isEqualTo(LinkStatus.TLS_ERROR);
    }

    @Test
    void privateAddressesAreRefusedByDefaultWithoutAnyRequest() {
        route(r -> answer(200));
        LinkCheckOptions strict = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY).build();
        int port = server.getPort();
        for (String url : List.of("http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
                "http://[::1]:" + port + "/", "http://169.254.169.254/latest/meta-data/")) {
            CheckResult r = check(strict, HttpUrl.get(url));
            assertThat(r.status()).as(url).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
            assertThat(r.error().orElse("")).contains("--allow-private");
        }
        try (HttpChecker checker = new HttpChecker(strict, host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})))) {
            assertThat(checker.check(HttpUrl.get("http://intranet.example/")).status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void disguisedLoopbackAddressesAreRefusedToo() {
        route(r -> answer(200));
        LinkCheckOptions strict = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY).build();
        int port = server.getPort();
        for (String host : List.of("2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
                "0.0.0.0", "[::]", "LOCALHOST", "localhost.")) {
            CheckResult r = check(strict, HttpUrl.get("http://" + host + ":" + port + "/"));
            assertThat(r.status()).as(host + ": " + r.error().orElse("")).isIn(LinkStatus.PRIVATE_ADDRESS, LinkStatus.UNREACHABLE);
        }
        assertThat(server.getRequestCount()).as("nothing reached the loopback server").isZero();
    }

    @Test
    void loopbackCarriedInIpv6OrSpelledAsBrowsersReadItIsAPrivateAddressWithNoConnection() throws Exception {
        LinkCheckOptions strict = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY).build();
        try (RawServers.Resetting counting = new RawServers.Resetting()) {
            int port = counting.port();
            for (String host : List.of("[::7f00:1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "[::ffff:0:7f00:1]",
                    "0177.0.0.1", "[64:ff9b:1:7f00:1::]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "0x7f.1",
                    "0x7f.0.0.1", "017700000001")) {
                CheckResult r = check(strict, HttpUrl.get("http://" + host + ":" + port + "/"));
                assertThat(r.status()).as(host + ": " + r.error().orElse("")).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
                assertThat(r.error().orElse("")).contains("--allow-private");
            }
            CheckResult octal = check(strict, HttpUrl.get("http://0177.0.0.1:" + port + "/"));
            assertThat(octal.error().orElse("")).contains("read as 127.0.0.1");
            assertThat(counting.accepted.get()).as("connections accepted by the loopback server").isZero();
        }
    }

    @Test
    void aRedirectToAnOctalLoopbackIsRefusedWithoutConnecting() throws Exception {
        try (RawServers.Resetting counting = new RawServers.Resetting()) {
            route(r -> redirect(302, "http://0177.0.0.1:" + counting.port() + "/inside"));
            LinkCheckOptions strict = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                    .hostMap(new HostMap(Map.of("public.example", server.getSocketAddress()))).build();
            CheckResult r = check(strict, HttpUrl.get("http://public.example/start"));
            assertThat(r.status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
            assertThat(counting.accepted.get()).isZero();
        }
    }

    @Test
    void aHexSpelledLoopbackNeverReachesTheResolver() {
        LinkCheckOptions strict = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY).build();
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        PolicyDns dns = new PolicyDns(host -> {
            asked.add(host);
            return List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
        }, AddressPolicy.PUBLIC_ONLY, java.util.Set.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dns.lookup("0x7f.1"))
                .isInstanceOf(PrivateAddressException.class).hasMessageContaining("127.0.0.1");
        assertThat(asked).isEmpty();
        assertThat(strict.addressPolicy().permitsLiteral("0x7f.1")).isFalse();
    }

    @Test
    void anExplicitAllowStillReachesLoopbackSpelledAsAnEmbeddedOrOctalAddress() throws Exception {
        route(r -> answer(200));
        // the test double and the demo reach 127.0.0.1 through the host map or --allow-private
        LinkCheckOptions mapped = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                .hostMap(new HostMap(Map.of("0177.0.0.1", server.getSocketAddress()))).build();
        assertThat(check(mapped, HttpUrl.get("http://0177.0.0.1/")).status()).isEqualTo(LinkStatus.OK);
        assertThat(check(HttpUrl.get("http://127.1:" + server.getPort() + "/")).status()).isEqualTo(LinkStatus.OK);
    }

    @Test
    void theConnectionGuardSendsNothingOverAConnectionToAPrivatePeer() throws Exception {
        route(r -> answer(200));
        okhttp3.OkHttpClient bare = new okhttp3.OkHttpClient.Builder()
                .addNetworkInterceptor(new ConnectionGuardInterceptor(AddressPolicy.PUBLIC_ONLY, false))
                .build();
        try {
            bare.newCall(new okhttp3.Request.Builder().url(server.url("/")).build()).execute().close();
            throw new AssertionError("the guard let a request to loopback through");
        } catch (CheckException e) {
            assertThat(e.status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
        } finally {
            bare.connectionPool().evictAll();
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aRedirectToAPrivateAddressIsRefused() {
        // the first host is "public" to the policy through the resolver; it redirects to loopback
        route(r -> redirect(302, "http://127.0.0.1:" + server.getPort() + "/inside"));
        LinkCheckOptions strict = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                .hostMap(new HostMap(Map.of("public.example", server.getSocketAddress()))).build();
        CheckResult r = check(strict, HttpUrl.get("http://public.example/start"));
        assertThat(r.status()).isEqualTo(LinkStatus.PRIVATE_ADDRESS);
        assertThat(r.redirects()).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aMappedHostIsServedByTheDoubleWhileTheUrlKeepsItsHost() throws Exception {
        route(r -> r.getUrl().encodedPath().equals("/cn/old") ? redirect(301, "https://www.rfi.fr/cn/new") : answer(200));
        LinkCheckOptions o = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                .hostMap(new HostMap(Map.of("www.rfi.fr", server.getSocketAddress()))).build();
        CheckResult r = check(o, HttpUrl.get("https://www.rfi.fr/cn/old"));
        assertThat(r.status()).isEqualTo(LinkStatus.REDIRECTED);
        assertThat(r.finalUrl()).contains("https://www.rfi.fr/cn/new");
        assertThat(r.redirects()).containsExactly(new Redirect("https://www.rfi.fr/cn/old", 301));
        RecordedRequest first = server.takeRequest();
        assertThat(first.getHeaders().get("Host")).isEqualTo("www.rfi.fr");
        assertThat(first.getUrl().encodedPath()).isEqualTo("/cn/old");
    }

    @Test
    void aHostMappedToAnUnresolvedLoopbackNameIsServedUnderTheStrictPolicy() {
        route(r -> answer(200));
        LinkCheckOptions o = TestOptions.fast().addressPolicy(AddressPolicy.PUBLIC_ONLY)
                .hostMap(new HostMap(Map.of("www.voachinese.com",
                        InetSocketAddress.createUnresolved("localhost", server.getPort())))).build();
        assertThat(check(o, HttpUrl.get("https://www.voachinese.com/a/1.html")).status()).isEqualTo(LinkStatus.OK);
    }

    @Test
    void theProxyCarriesTheRequests() throws Exception {
        route(r -> answer(200));
        LinkCheckOptions o = TestOptions.fast()
                .proxy(Optional.of(URI.create("http://127.0.0.1:" + server.getPort()))).build();
        CheckResult r = check(o, HttpUrl.get("http://proxied.invalid/page"));
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
        assertThat(server.takeRequest().getRequestLine()).contains("http://proxied.invalid/page");
    }

    @Test
    void aRedirectToTheHomePageIsASoft404() {
        route(r -> r.getUrl().encodedPath().equals("/") ? answer(200) : redirect(301, "/"));
        CheckResult r = check(server.url("/cn/deleted-article"));
        assertThat(r.status()).isEqualTo(LinkStatus.SOFT_404);
        assertThat(r.error().orElse("")).contains("home page");
    }

    @Test
    void aRedirectToTheSectionPageIsASoft404ButAMovedArticleIsNot() {
        route(r -> {
            switch (r.getUrl().encodedPath()) {
                case "/cn/%E5%9B%BD%E9%99%85/20230726-gone": return redirect(301, "/cn/");
                case "/cn/old-slug": return redirect(301, "/cn/%E5%9B%BD%E9%99%85/20230726-new-slug");
                default: return answer(200);
            }
        });
        CheckResult gone = check(server.url("/cn/%E5%9B%BD%E9%99%85/20230726-gone"));
        assertThat(gone.status()).isEqualTo(LinkStatus.SOFT_404);
        assertThat(gone.error().orElse("")).contains("section page");
        assertThat(check(server.url("/cn/old-slug")).status()).isEqualTo(LinkStatus.REDIRECTED);
    }

    @Test
    void aPageThatAnswersLikeARandomUrlIsASoft404AndTheHostIsProbedOnce() {
        String notFound = "<html><head><title>Page introuvable</title></head><body>Sorry, PATH is gone. Try the search."
                + "</body></html>";
        route(r -> {
            String path = r.getUrl().encodedPath();
            if (path.equals("/real")) {
                return page(r, "<html><head><title>A real article</title></head><body>" + "text ".repeat(300) + "</body></html>");
            }
            return page(r, notFound.replace("PATH", path));
        });
        LinkCheckOptions o = TestOptions.fast().softNotFoundProbe(true).build();
        try (HttpChecker checker = new HttpChecker(o)) {
            CheckResult gone = checker.check(server.url("/cn/gone-for-good"));
            CheckResult real = checker.check(server.url("/real"));
            assertThat(gone.status()).isEqualTo(LinkStatus.SOFT_404);
            assertThat(gone.error().orElse("")).contains("Page introuvable");
            assertThat(real.status()).isEqualTo(LinkStatus.OK);
            assertThat(real.method()).as("a host that answers anything is asked with GET at once").isEqualTo("GET");
        }
        long probes = 0;
        for (int i = server.getRequestCount(); i > 0; i--) {
            try {
                if (server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath().startsWith("/newskeeper-probe-")) {
                    probes++;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(probes).isEqualTo(1);
    }

    @Test
    void anHonestHostIsNotSuspectedOfSoft404s() {
        route(r -> r.getUrl().encodedPath().startsWith("/newskeeper-probe-") ? answer(404) : answer(200));
        CheckResult r = check(TestOptions.fast().softNotFoundProbe(true).build(), server.url("/fine"));
        assertThat(r.status()).isEqualTo(LinkStatus.OK);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        java.time.Instant now = java.time.Instant.parse("2026-11-26T10:00:00Z");
        assertThat(RetryAfter.parse(okhttp3.Headers.of("Retry-After", "120"), now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(okhttp3.Headers.of("Retry-After", "Thu, 26 Nov 2026 10:00:30 GMT"), now))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(okhttp3.Headers.of("Retry-After", "Wed, 25 Nov 2026 10:00:30 GMT"), now))
                .contains(Duration.ZERO);
        assertThat(RetryAfter.parse(okhttp3.Headers.of("Retry-After", "soon"), now)).isEmpty();
        assertThat(RetryAfter.parse(okhttp3.Headers.of(), now)).isEmpty();
    }

    @Test
    void localSocketAddressIsLoopback() {
        InetSocketAddress a = server.getSocketAddress();
        assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    }
}
