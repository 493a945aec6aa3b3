package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {
    private final RetryInterceptor retry = new RetryInterceptor(5, Duration.ofMillis(100), Duration.ofSeconds(1),
            new HostGate(1, Duration.ZERO), Clock.systemUTC());

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    @Test
    void backoffDoublesWithJitterInTheUpperHalf() {
        for (int i = 0; i < 200; i++) {
            assertThat(ms(retry.backoffNanos(0))).isBetween(50L, 100L);
            assertThat(ms(retry.backoffNanos(1))).isBetween(100L, 200L);
            assertThat(ms(retry.backoffNanos(2))).isBetween(200L, 400L);
        }
    }

    @Test
    void backoffIsCappedAndJittered() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long b = ms(retry.backoffNanos(10));
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        assertThat(max).isLessThanOrEqualTo(1000);
        assertThat(min).isGreaterThanOrEqualTo(500);
        assertThat(max - min).as("jitter spreads the retries").isGreaterThan(50);
    }
}
