package org.newskeeper.check;

import java.time.Duration;

/** Options with short timeouts for tests against loopback servers (private addresses allowed). */
final class TestOptions {
    private TestOptions() {
    }

    static LinkCheckOptions.Builder fast() {
        return LinkCheckOptions.builder()
                .addressPolicy(AddressPolicy.ALLOW_PRIVATE)
                .concurrency(4)
                .perHost(2)
                .perHostInterval(Duration.ZERO)
                .connectTimeout(Duration.ofMillis(300))
                .readTimeout(Duration.ofMillis(300))
                .requestTimeout(Duration.ofMillis(400))
                .urlTimeout(Duration.ofSeconds(5))
                .maxRetries(2)
                .retryBase(Duration.ofMillis(10))
                .retryAfterCap(Duration.ofSeconds(2))
                .softNotFoundProbe(false);
    }
}
