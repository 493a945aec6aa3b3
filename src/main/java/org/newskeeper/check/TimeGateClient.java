package org.newskeeper.check;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.newskeeper.linkstate.TimeGateAnswer;

/**
 * Asks Memento TimeGates (RFC 7089) for the memento of a URL closest to a datetime: a GET of
 * {@code <timegate prefix><url>} with {@code Accept-Datetime}, redirects followed by hand (each hop
 * under the address policy) until an answer carries {@code Memento-Datetime}. Politely: at most
 * {@link TimeGateOptions#rate()} requests per second to one archive host, retries of 429 and 5xx
 * with backoff, honouring {@code Retry-After}. Thread-safe; one instance per night.
 */
public final class TimeGateClient implements AutoCloseable {
    private static final int MAX_HOPS = 5;

    private final TimeGateOptions options;
    private final OkHttpClient client;
    private final Map<String, Long> nextSlot = new HashMap<>();

    public TimeGateClient(TimeGateOptions options) {
        this(options, Dns.SYSTEM);
    }

    /** With another resolver under the address policy (tests simulate DNS with it). */
    public TimeGateClient(TimeGateOptions options, Dns resolver) {
        this.options = options;
        Set<String> trusted = new HashSet<>();
        for (InetSocketAddress a : options.hostMap().hosts().values()) {
            trusted.add((a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress()).toLowerCase(Locale.ROOT));
        }
        this.client = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .callTimeout(options.timeout())
                .proxy(Proxy.NO_PROXY)
                .addInterceptor(new AddressGuardInterceptor(options.addressPolicy(), options.hostMap()))
                .addInterceptor(new HostMapInterceptor(options.hostMap()))
                .addNetworkInterceptor(new ConnectionGuardInterceptor(options.addressPolicy(), false))
                .dns(new PolicyDns(resolver, options.addressPolicy(), Set.copyOf(trusted)))
                .build();
    }

    public TimeGateOptions options() {
        return options;
    }

    /** Asks {@code timegate} for the memento of {@code url} closest to {@code when}. */
    public TimeGateAnswer lookup(String timegate, String url, Instant when) throws InterruptedIOException {
        String archive = TimeGateOptions.archiveName(timegate);
        HttpUrl start = HttpUrl.parse(timegate + url);
        if (start == null) {
            return failed(url, timegate, archive, "not a URL: " + timegate + url);
        }
        String acceptDatetime = DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC));
        HttpUrl at = start;
        try {
            for (int hop = 0; hop <= MAX_HOPS; hop++) {
                Answer a = request(at, acceptDatetime);
                if (a.mementoDatetime.isPresent()) {
                    return new TimeGateAnswer(url, timegate, archive, TimeGateAnswer.Outcome.FOUND,
                            Optional.of(a.location.orElse(at.toString())), a.mementoDatetime, Optional.empty());
                }
                if (a.code >= 300 && a.code < 400 && a.location.isPresent()) {
                    HttpUrl next = at.resolve(a.location.get());
                    if (next == null) {
                        return failed(url, timegate, archive, "redirect to a non-HTTP location " + a.location.get());
                    }
                    at = next;
                    continue;
                }
                if (a.code == 404 || a.code == 410) {
                    return new TimeGateAnswer(url, timegate, archive, TimeGateAnswer.Outcome.NOT_FOUND, Optional.empty(),
                            Optional.empty(), Optional.of("HTTP " + a.code + " from " + at.host()));
                }
                if (a.code == 200 && hop > 0) {
                    // followed to a page that does not say it is a memento
                    return failed(url, timegate, archive, at + " answered without Memento-Datetime");
                }
                return failed(url, timegate, archive, "HTTP " + a.code + " from " + at.host());
            }
            return failed(url, timegate, archive, "more than " + MAX_HOPS + " redirects");
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return failed(url, timegate, archive, "timed out: " + e.getMessage());
        } catch (IOException e) {
            return failed(url, timegate, archive, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private record Answer(int code, Optional<String> location, Optional<Instant> mementoDatetime) {
    }

    /** One request with its retries (429, 5xx): the final answer. */
    private Answer request(HttpUrl url, String acceptDatetime) throws IOException {
        for (int attempt = 0;; attempt++) {
            waitForSlot(url.host());
            Request r = new Request.Builder().url(url).get().header("User-Agent", options.userAgent())
                    .header("Accept-Datetime", acceptDatetime).header("Accept-Encoding", "identity").build();
            try (Response resp = client.newCall(r).execute()) {
                int code = resp.code();
                if ((code == 429 || code >= 500) && attempt < options.maxRetries()) {
                    Optional<Duration> after = RetryAfter.parse(resp.headers(), Instant.now());
                    if (after.isPresent() && after.get().compareTo(options.retryAfterCap()) > 0) {
                        throw new IOException("HTTP " + code + " from " + url.host() + " with Retry-After " + after.get()
                                + ", longer than " + options.retryAfterCap());
                    }
                    Duration wait = after.orElse(options.retryBase().multipliedBy(1L << Math.min(attempt, 10)));
                    sleep(wait);
                    continue;
                }
                Optional<Instant> datetime = Optional.empty();
                Date d = resp.headers().getDate("Memento-Datetime");
                if (d != null && code >= 200 && code < 400) {
                    datetime = Optional.of(d.toInstant());
                }
                Optional<String> location = Optional.ofNullable(resp.header("Location"));
                if (datetime.isPresent() && location.isEmpty()) {
                    location = Optional.ofNullable(resp.header("Content-Location")).map(l -> {
                        HttpUrl u = url.resolve(l);
                        return u == null ? l : u.toString();
                    });
                }
                if (location.isPresent()) {
                    // a TimeGate's 302 that already names the memento and its datetime: no second request
                    HttpUrl u = url.resolve(location.get());
                    location = Optional.of(u == null ? location.get() : u.toString());
                }
                return new Answer(code, location, datetime);
            }
        }
    }

    /** Waits for the next request slot of {@code host}: at most {@code rate} requests per second. */
    private void waitForSlot(String host) throws InterruptedIOException {
        long gap = (long) (1_000_000_000L / options.rate());
        long wait;
        synchronized (nextSlot) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot.getOrDefault(host, now));
            nextSlot.put(host, slot + gap);
            wait = slot - now;
        }
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an archive");
        }
    }

    private static TimeGateAnswer failed(String url, String timegate, String archive, String why) {
        return new TimeGateAnswer(url, timegate, archive, TimeGateAnswer.Outcome.FAILED, Optional.empty(),
                Optional.empty(), Optional.of(why));
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
