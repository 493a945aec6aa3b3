package org.newskeeper.check;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Politeness: at most {@code perHost} requests in flight to one host, their starts at least
 * {@code interval} apart, and a host paused while it asked to be left alone ({@code Retry-After}).
 * A permit is held for one exchange only, never across a retry's wait or a redirect.
 */
final class HostGate implements Interceptor {
    private final int perHost;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        final Semaphore permits;
        long nextStart = Long.MIN_VALUE;
        long pausedUntil = Long.MIN_VALUE;
        /** Set once the host was ever paused: until then, without an interval, no start needs the lock. */
        volatile boolean everPaused;

        Slot(int perHost) {
            permits = new Semaphore(perHost, true);
        }
    }

    HostGate(int perHost, Duration interval) {
        this.perHost = perHost;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Slot slot = slots.computeIfAbsent(request.url().host(), h -> new Slot(perHost));
        try {
            slot.permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.url().host());
        }
        try {
            if (intervalNanos == 0 && !slot.everPaused) {
                // No spacing and never asked to wait: start now, without taking the host's lock
                // (a hundred threads would queue on it for nothing).
                return chain.proceed(request);
            }
            long wait;
            synchronized (slot) {
                long now = System.nanoTime();
                long start = now;
                if (slot.nextStart != Long.MIN_VALUE && slot.nextStart - start > 0) {
                    start = slot.nextStart;
                }
                if (slot.pausedUntil != Long.MIN_VALUE && slot.pausedUntil - start > 0) {
                    start = slot.pausedUntil;
                }
                slot.nextStart = start + intervalNanos;
                wait = start - now;
            }
            RetryInterceptor.sleep(wait);
            return chain.proceed(request);
        } finally {
            slot.permits.release();
        }
    }

    /** Keeps every request to {@code host} waiting for {@code d} from now. */
    void pause(String host, Duration d) {
        Slot slot = slots.computeIfAbsent(host, h -> new Slot(perHost));
        synchronized (slot) {
            long until = System.nanoTime() + d.toNanos();
            if (slot.pausedUntil == Long.MIN_VALUE || until - slot.pausedUntil > 0) {
                slot.pausedUntil = until;
            }
            slot.everPaused = true;
        }
    }
}
