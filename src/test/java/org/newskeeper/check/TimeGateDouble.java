package org.newskeeper.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A Memento TimeGate on loopback, as the Wayback Machine answers: {@code /web/<url>} with
 * {@code Accept-Datetime} redirects (302) to {@code /web/<14 digits>/<url>}, the memento closest to
 * the datetime asked for, and names its {@code Memento-Datetime}; 404 for URLs it has none of.
 * {@link #throttle(int)} makes it answer 429 with {@code Retry-After: 1} first.
 */
public final class TimeGateDouble implements AutoCloseable {
    public static final DateTimeFormatter DIGITS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final MockWebServer server = new MockWebServer();
    private final Map<String, List<Instant>> mementos;
    private final AtomicInteger throttled = new AtomicInteger();
    public final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
    public final Set<String> dead = new CopyOnWriteArraySet<>();
    /** Original URLs the archive answers 503 for, as one whose index fails on some URLs. */
    public final Set<String> unavailable = new CopyOnWriteArraySet<>();

    /** @param mementos the datetimes of the mementos held, by original URL */
    public TimeGateDouble(Map<String, List<Instant>> mementos) throws IOException {
        this.mementos = mementos;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                requests.add(r);
                times.add(System.nanoTime());
                return answer(r);
            }
        });
        server.start();
    }

    /** The next {@code n} requests are answered 429 with Retry-After: 1. */
    public void throttle(int n) {
        throttled.set(n);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getHostName(), server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    public int requestCount() {
        return requests.size();
    }

    private MockResponse answer(RecordedRequest r) {
        if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build();
        }
        String target = r.getTarget();
        if (!target.startsWith("/web/")) {
            return new MockResponse.Builder().code(404).build();
        }
        String rest = target.substring("/web/".length());
        if (unavailable.contains(rest)) {
            return new MockResponse.Builder().code(503).build();
        }
        if (rest.matches("\\d{14}/.*")) {
            Instant at = ZonedDateTime.parse(rest.substring(0, 14), DIGITS).toInstant();
            return new MockResponse.Builder().code(200).addHeader("Memento-Datetime", http(at))
                    .addHeader("Content-Type", "text/html").body("<p>archived " + rest.substring(15) + "</p>").build();
        }
        List<Instant> held = mementos.get(rest);
        if (held == null || held.isEmpty()) {
            return new MockResponse.Builder().code(404).build();
        }
        String asked = r.getHeaders().get("Accept-Datetime");
        Instant when = asked == null ? Instant.now() : ZonedDateTime.parse(asked, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Instant closest = held.stream().min(Comparator.comparing(i -> Math.abs(i.toEpochMilli() - when.toEpochMilli()))).get();
        return new MockResponse.Builder().code(302).addHeader("Location", "/web/" + DIGITS.format(closest) + "/" + rest)
                .addHeader("Vary", "accept-datetime").build();
    }

    public static String http(Instant i) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(i.atOffset(ZoneOffset.UTC));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
