package org.newskeeper.check;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.newskeeper.config.Durations;

/**
 * Retries 5xx, 408, 429, timeouts and resets with exponential backoff and jitter. A
 * {@code Retry-After} (seconds or HTTP date) is honoured exactly and pauses the whole host; one
 * longer than the cap, or longer than what is left of the URL's budget, ends the retries.
 */
final class RetryInterceptor implements Interceptor {
    private final int maxRetries;
    private final Duration base;
    private final Duration retryAfterCap;
    private final HostGate gate;
    private final Clock clock;

    RetryInterceptor(int maxRetries, Duration base, Duration retryAfterCap, HostGate gate, Clock clock) {
        this.maxRetries = maxRetries;
        this.base = base;
        this.retryAfterCap = retryAfterCap;
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Trace trace = Trace.of(request);
        for (int attempt = 0; ; attempt++) {
            Response response = null;
            IOException failure = null;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (!Failures.retryable(e) || chain.call().isCanceled()) {
                    throw e;
                }
                failure = e;
            }
            if (response != null && !Failures.retryable(response.code())) {
                return response;
            }
            if (attempt >= maxRetries) {
                return answerOrThrow(response, failure);
            }
            long waitNanos = backoffNanos(attempt);
            if (response != null) {
                Optional<Duration> asked = RetryAfter.parse(response.headers(), clock.instant());
                if (asked.isPresent()) {
                    if (asked.get().compareTo(retryAfterCap) > 0) {
                        trace.note = Optional.of("Retry-After " + Durations.format(asked.get())
                                + " is longer than the cap of " + Durations.format(retryAfterCap));
                        return response;
                    }
                    waitNanos = asked.get().toNanos();
                    gate.pause(request.url().host(), asked.get());
                }
            }
            if (waitNanos >= trace.remainingNanos()) {
                trace.note = Optional.of("no time left in the budget of the URL for another retry");
                return answerOrThrow(response, failure);
            }
            if (response != null) {
                response.close();
            }
            sleep(waitNanos);
            trace.retries++;
        }
    }

    private static Response answerOrThrow(Response response, IOException failure) throws IOException {
        if (response != null) {
            return response;
        }
        throw failure;
    }

    /** base * 2^attempt, with "equal jitter": a random point in the upper half, capped at the Retry-After cap. */
    long backoffNanos(int attempt) {
        long b = base.toNanos() << Math.min(attempt, 20);
        b = Math.min(b, Math.max(retryAfterCap.toNanos(), base.toNanos()));
        long half = b / 2;
        return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    }

    static void sleep(long nanos) throws InterruptedIOException {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted");
            io.initCause(e);
            throw io;
        }
    }
}
