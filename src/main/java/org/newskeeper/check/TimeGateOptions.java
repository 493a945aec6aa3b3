package org.newskeeper.check;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.Version;

/**
 * How public web archives are asked for mementos (RFC 7089 TimeGates), the {@code [archives]} table.
 *
 * @param timegates     TimeGate URL prefixes; the cited URL is appended as is
 * @param enabled       whether the nightly run looks up at all
 * @param allFailing    whether URLs we hold a capture of are looked up too
 * @param rate          requests per second to one archive (host)
 * @param budget        lookups (one URL at one TimeGate) per night at most
 * @param maxRetries    retries of a 429 or 5xx answer
 * @param retryBase     the first backoff delay when no {@code Retry-After} is given (doubles each time)
 * @param retryAfterCap the longest {@code Retry-After} honoured; a longer one fails the lookup (not cached)
 * @param timeout       one request's time limit
 * @param addressPolicy which addresses a TimeGate or memento may be at
 * @param hostMap       hosts reached at another address (the demo's double)
 * @param userAgent     the User-Agent sent
 */
public record TimeGateOptions(List<String> timegates, boolean enabled, boolean allFailing, double rate, int budget,
        int maxRetries, Duration retryBase, Duration retryAfterCap, Duration timeout, AddressPolicy addressPolicy,
        HostMap hostMap, String userAgent) {
    /** The table and its keys. */
    public static final String TABLE = "archives";
    public static final Set<String> CONFIG_KEYS = Set.of("timegates", "enabled", "all_failing", "rate", "budget");
    /** The Wayback Machine's TimeGate, the default. */
    public static final String WAYBACK = "https://web.archive.org/web/";
    public static final int DEFAULT_BUDGET = 500;
    public static final double DEFAULT_RATE = 1.0;

    public TimeGateOptions {
        timegates = List.copyOf(timegates);
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(addressPolicy, "addressPolicy");
        Objects.requireNonNull(hostMap, "hostMap");
        Objects.requireNonNull(userAgent, "userAgent");
        if (!(rate > 0)) {
            throw new org.newskeeper.config.InvalidOptionException("[archives] rate must be above 0 requests per second: " + rate);
        }
        if (budget < 0) {
            throw new org.newskeeper.config.InvalidOptionException("[archives] budget must be 0 or more: " + budget);
        }
        for (String t : timegates) {
            if (okhttp3.HttpUrl.parse(t) == null) {
                throw new org.newskeeper.config.InvalidOptionException("[archives] timegates: not an http(s) URL prefix: " + t);
            }
        }
    }

    /** The defaults: the Wayback Machine, enabled, 1 request/s, 500 lookups a night, 3 retries. */
    public static TimeGateOptions defaults() {
        return new TimeGateOptions(List.of(WAYBACK), true, false, DEFAULT_RATE, DEFAULT_BUDGET, 3, Duration.ofSeconds(2),
                Duration.ofMinutes(2), Duration.ofSeconds(30), AddressPolicy.PUBLIC_ONLY, HostMap.NONE, Version.userAgent());
    }

    /** The {@code [archives]} table over the defaults; a bad key or value is a {@link ConfigException}. */
    public static TimeGateOptions read(Config config) throws ConfigException {
        config.requireKnownKeys(TABLE, CONFIG_KEYS);
        TimeGateOptions d = defaults();
        List<String> timegates = config.strings(TABLE, "timegates").orElse(d.timegates());
        boolean enabled = config.bool(TABLE, "enabled").orElse(d.enabled());
        boolean all = config.bool(TABLE, "all_failing").orElse(d.allFailing());
        double rate = d.rate();
        var r = config.section(TABLE).path("rate");
        if (!r.isMissingNode()) {
            if (!r.isNumber() || !(r.doubleValue() > 0)) {
                throw new ConfigException(config.describe(TABLE) + " rate: expected requests per second above 0, got " + r);
            }
            rate = r.doubleValue();
        }
        long budget = config.integer(TABLE, "budget").orElse((long) d.budget());
        if (budget < 0 || budget > Integer.MAX_VALUE) {
            throw new ConfigException(config.describe(TABLE) + " budget: expected 0 or more lookups, got " + budget);
        }
        for (String t : timegates) {
            okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(t);
            if (u == null) {
                throw new ConfigException(config.describe(TABLE) + " timegates: not an http(s) URL prefix: " + t);
            }
        }
        return new TimeGateOptions(timegates, enabled, all, rate, (int) budget, d.maxRetries(), d.retryBase(),
                d.retryAfterCap(), d.timeout(), d.addressPolicy(), d.hostMap(), d.userAgent());
    }

    public TimeGateOptions withTimegates(List<String> t) {
        return new TimeGateOptions(t, enabled, allFailing, rate, budget, maxRetries, retryBase, retryAfterCap, timeout,
                addressPolicy, hostMap, userAgent);
    }

    public TimeGateOptions withEnabled(boolean e) {
        return new TimeGateOptions(timegates, e, allFailing, rate, budget, maxRetries, retryBase, retryAfterCap, timeout,
                addressPolicy, hostMap, userAgent);
    }

    public TimeGateOptions withRate(double r) {
        return new TimeGateOptions(timegates, enabled, allFailing, r, budget, maxRetries, retryBase, retryAfterCap, timeout,
                addressPolicy, hostMap, userAgent);
    }

    public TimeGateOptions withBudget(int b) {
        return new TimeGateOptions(timegates, enabled, allFailing, rate, b, maxRetries, retryBase, retryAfterCap, timeout,
                addressPolicy, hostMap, userAgent);
    }

    public TimeGateOptions withRetries(int max, Duration base) {
        return new TimeGateOptions(timegates, enabled, allFailing, rate, budget, max, base, retryAfterCap, timeout,
                addressPolicy, hostMap, userAgent);
    }

    public TimeGateOptions withAddressPolicy(AddressPolicy p) {
        return new TimeGateOptions(timegates, enabled, allFailing, rate, budget, maxRetries, retryBase, retryAfterCap,
                timeout, p, hostMap, userAgent);
    }

    public TimeGateOptions withHostMap(HostMap m) {
        return new TimeGateOptions(timegates, enabled, allFailing, rate, budget, maxRetries, retryBase, retryAfterCap,
                timeout, addressPolicy, m, userAgent);
    }

    /** The archive's name for a TimeGate prefix: its host ({@code web.archive.org}). */
    public static String archiveName(String timegate) {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(timegate);
        return u == null ? timegate : u.host();
    }
}
