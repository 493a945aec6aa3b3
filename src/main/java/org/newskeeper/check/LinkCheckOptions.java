package org.newskeeper.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.newskeeper.Version;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.config.Durations;

/**
 * Everything a link check run can be told: politeness, timeouts, retries, security, the recheck
 * policy of the history. Build with {@link #builder()}; {@link #from(Config)} reads the
 * {@code [links]} table of newskeeper.toml.
 *
 * @param concurrency       requests in flight at once, over all hosts
 * @param perHost           requests in flight at once to one host
 * @param perHostInterval   the least time between the starts of two requests to one host
 * @param connectTimeout    TCP and TLS connection
 * @param readTimeout       the longest silence while reading an answer
 * @param requestTimeout    one request, from start to the end of its (capped) body
 * @param urlTimeout        one URL: all its redirects, retries and waits
 * @param maxRetries        retries after 5xx, 408, 429, timeouts and resets
 * @param retryBase         the first backoff; doubled at each retry, with jitter
 * @param retryAfterCap     the longest {@code Retry-After} honoured; a longer one ends the retries
 * @param maxRedirects      redirect hops followed
 * @param bodyCap           bytes of a GET body read at most
 * @param userAgent         the User-Agent sent
 * @param proxy             an HTTP proxy ({@code http://host:port}); the proxy resolves names then
 * @param addressPolicy     which resolved addresses may be connected to
 * @param hostMap           hosts sent to another address over plain HTTP (the demo's web double)
 * @param softNotFoundProbe whether a random URL is probed once per host to detect soft 404s
 * @param exclude           URLs matching any of these (found anywhere in the URL) are {@code excluded}
 * @param maxAge            a URL seen alive this recently is not requested again
 * @param confirmAfter      consecutive failed observations before a failure is confirmed
 * @param confirmSpan       the least time those observations must span
 * @param clock             the time of observations (tests simulate nights)
 * @param resume            when a run takes up the latest run that never finished (see {@link Resume})
 * @param budget            the most a run may request, by count or time (see {@link Budget}); the rest is deferred
 */
public record LinkCheckOptions(
        int concurrency,
        int perHost,
        Duration perHostInterval,
        Duration connectTimeout,
        Duration readTimeout,
        Duration requestTimeout,
        Duration urlTimeout,
        int maxRetries,
        Duration retryBase,
        Duration retryAfterCap,
        int maxRedirects,
        long bodyCap,
        String userAgent,
        Optional<URI> proxy,
        AddressPolicy addressPolicy,
        HostMap hostMap,
        boolean softNotFoundProbe,
        List<Pattern> exclude,
        Duration maxAge,
        int confirmAfter,
        Duration confirmSpan,
        Clock clock,
        Resume resume,
        Budget budget) {

    public LinkCheckOptions {
        require(concurrency >= 1, "concurrency must be at least 1");
        require(perHost >= 1, "per-host must be at least 1");
        require(maxRetries >= 0, "retries must not be negative");
        require(maxRedirects >= 0, "max redirects must not be negative");
        require(bodyCap >= 0, "body cap must not be negative");
        require(confirmAfter >= 1, "confirm-after must be at least 1");
        for (Duration d : List.of(perHostInterval, connectTimeout, readTimeout, requestTimeout, urlTimeout,
                retryBase, retryAfterCap, maxAge, confirmSpan)) {
            require(!d.isNegative(), "durations must not be negative");
        }
        require(!connectTimeout.isZero() && !readTimeout.isZero() && !requestTimeout.isZero() && !urlTimeout.isZero(),
                "timeouts must be positive");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(proxy, "proxy");
        proxy.ifPresent(p -> require("http".equalsIgnoreCase(p.getScheme()) && p.getHost() != null && p.getPort() > 0,
                "proxy must be http://host:port, not " + p));
        Objects.requireNonNull(addressPolicy, "addressPolicy");
        Objects.requireNonNull(hostMap, "hostMap");
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(budget, "budget");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new org.newskeeper.config.InvalidOptionException(message);
        }
    }

    /** The defaults: 32 at once, 2 per host 100 ms apart, 20 s timeouts, 3 retries, 7 days, 3 failures over 48 h. */
    public static LinkCheckOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The keys of the {@code [links]} table; any other is refused. */
    public static final Set<String> CONFIG_KEYS = Set.of("exclude", "concurrency", "per_host", "per_host_interval",
            "timeout", "max_age", "confirm_after", "retries", "user_agent", "proxy", "allow_private", "soft_404_probe",
            "resume_within", "budget");

    private static final String TABLE = "links";

    /**
     * The defaults overridden by the {@code [links]} table: {@code exclude = ["regex", ...]},
     * {@code concurrency}, {@code per_host}, {@code per_host_interval} (ms), {@code timeout} (s),
     * {@code max_age} ("7d"), {@code confirm_after}, {@code retries}, {@code user_agent},
     * {@code proxy}, {@code allow_private}, {@code soft_404_probe}, {@code resume_within} ("12h",
     * "0" never), {@code budget} (a number of requests, {@code 50000}, or a duration, {@code "2h"}).
     * Every value is checked by type and range, and an unknown key is refused: a
     * {@link ConfigException} whose one-line message names the file, the table and the key.
     */
    public static LinkCheckOptions from(Config config) throws ConfigException {
        Builder b = builder();
        if (config.section(TABLE).isMissingNode()) {
            return b.build();
        }
        config.requireKnownKeys(TABLE, CONFIG_KEYS);
        Optional<List<String>> exclude = config.strings(TABLE, "exclude");
        if (exclude.isPresent()) {
            List<Pattern> patterns = new ArrayList<>();
            for (String p : exclude.get()) {
                try {
                    patterns.add(Pattern.compile(p));
                } catch (PatternSyntaxException e) {
                    throw bad(config, "exclude", "bad regular expression: " + e.getDescription() + " in '" + p + "'");
                }
            }
            b.exclude(patterns);
        }
        Optional<Integer> i;
        if ((i = integer(config, "concurrency", 1)).isPresent()) {
            b.concurrency(i.get());
        }
        if ((i = integer(config, "per_host", 1)).isPresent()) {
            b.perHost(i.get());
        }
        if ((i = integer(config, "per_host_interval", 0)).isPresent()) {
            b.perHostInterval(Duration.ofMillis(i.get()));
        }
        Optional<Duration> timeout = seconds(config, "timeout");
        timeout.ifPresent(b::timeout);
        Optional<Duration> d;
        if ((d = duration(config, "max_age")).isPresent()) {
            b.maxAge(d.get());
        }
        if ((i = integer(config, "confirm_after", 1)).isPresent()) {
            b.confirmAfter(i.get());
        }
        if ((i = integer(config, "retries", 0)).isPresent()) {
            b.maxRetries(i.get());
        }
        config.string(TABLE, "user_agent").ifPresent(b::userAgent);
        Optional<String> proxy = config.string(TABLE, "proxy");
        if (proxy.isPresent()) {
            b.proxy(Optional.of(proxy(config, proxy.get())));
        }
        config.bool(TABLE, "allow_private")
                .ifPresent(allow -> b.addressPolicy(allow ? AddressPolicy.ALLOW_PRIVATE : AddressPolicy.PUBLIC_ONLY));
        config.bool(TABLE, "soft_404_probe").ifPresent(b::softNotFoundProbe);
        if ((d = duration(config, "resume_within")).isPresent()) {
            b.resume(Resume.within(d.get()));
        }
        JsonNode budget = config.section(TABLE).path("budget");
        if (!budget.isMissingNode() && !budget.isNull()) {
            if (!budget.isIntegralNumber() && !budget.isTextual()) {
                throw bad(config, "budget", "expected a number of requests (50000) or a duration (\"2h\"), got " + budget);
            }
            try {
                b.budget(Budget.parse(budget.asText()));
            } catch (IllegalArgumentException e) {
                throw bad(config, "budget", e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.describe(TABLE) + ": " + e.getMessage());
        }
    }

    private static ConfigException bad(Config config, String key, String why) {
        return config.invalid(TABLE, key, why);
    }

    private static Optional<Integer> integer(Config config, String key, int min) throws ConfigException {
        return config.integer(TABLE, key, min);
    }

    private static Optional<Duration> seconds(Config config, String key) throws ConfigException {
        return config.seconds(TABLE, key, 86_400);
    }

    private static Optional<Duration> duration(Config config, String key) throws ConfigException {
        return config.duration(TABLE, key);
    }

    private static URI proxy(Config config, String text) throws ConfigException {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw bad(config, "proxy", "expected http://host:port, got '" + text + "'");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw bad(config, "proxy", "expected http://host:port, got '" + text + "'");
        }
        return uri;
    }

    /** Builds options; every setter has a default. */
    public static final class Builder {
        private int concurrency = 32;
        private int perHost = 2;
        private Duration perHostInterval = Duration.ofMillis(100);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(20);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration urlTimeout = Duration.ofMinutes(3);
        private int maxRetries = 3;
        private Duration retryBase = Duration.ofMillis(500);
        private Duration retryAfterCap = Duration.ofSeconds(30);
        private int maxRedirects = 10;
        private long bodyCap = 16 * 1024;
        private String userAgent = Version.userAgent();
        private Optional<URI> proxy = Optional.empty();
        private AddressPolicy addressPolicy = AddressPolicy.PUBLIC_ONLY;
        private HostMap hostMap = HostMap.NONE;
        private boolean softNotFoundProbe = true;
        private List<Pattern> exclude = List.of();
        private Duration maxAge = Duration.ofDays(7);
        private int confirmAfter = 3;
        private Duration confirmSpan = Duration.ofHours(48);
        private Clock clock = Clock.systemUTC();
        private Resume resume = Resume.DEFAULT;
        private Budget budget = Budget.NONE;

        Builder() {
        }

        Builder(LinkCheckOptions o) {
            concurrency = o.concurrency;
            perHost = o.perHost;
            perHostInterval = o.perHostInterval;
            connectTimeout = o.connectTimeout;
            readTimeout = o.readTimeout;
            requestTimeout = o.requestTimeout;
            urlTimeout = o.urlTimeout;
            maxRetries = o.maxRetries;
            retryBase = o.retryBase;
            retryAfterCap = o.retryAfterCap;
            maxRedirects = o.maxRedirects;
            bodyCap = o.bodyCap;
            userAgent = o.userAgent;
            proxy = o.proxy;
            addressPolicy = o.addressPolicy;
            hostMap = o.hostMap;
            softNotFoundProbe = o.softNotFoundProbe;
            exclude = o.exclude;
            maxAge = o.maxAge;
            confirmAfter = o.confirmAfter;
            confirmSpan = o.confirmSpan;
            clock = o.clock;
            resume = o.resume;
            budget = o.budget;
        }

        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        public Builder perHost(int v) {
            perHost = v;
            return this;
        }

        public Builder perHostInterval(Duration v) {
            perHostInterval = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            readTimeout = v;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder urlTimeout(Duration v) {
            urlTimeout = v;
            return this;
        }

        /**
         * The {@code --timeout}: connect, read and request timeouts all set to {@code v}; the
         * budget of one URL (redirects, retries, waits) to six times that, at least a minute.
         */
        public Builder timeout(Duration v) {
            connectTimeout = v;
            readTimeout = v;
            requestTimeout = v;
            urlTimeout = v.multipliedBy(6).compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : v.multipliedBy(6);
            return this;
        }

        public Builder maxRetries(int v) {
            maxRetries = v;
            return this;
        }

        public Builder retryBase(Duration v) {
            retryBase = v;
            return this;
        }

        public Builder retryAfterCap(Duration v) {
            retryAfterCap = v;
            return this;
        }

        public Builder maxRedirects(int v) {
            maxRedirects = v;
            return this;
        }

        public Builder bodyCap(long v) {
            bodyCap = v;
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        public Builder proxy(Optional<URI> v) {
            proxy = v;
            return this;
        }

        public Builder addressPolicy(AddressPolicy v) {
            addressPolicy = v;
            return this;
        }

        public Builder hostMap(HostMap v) {
            hostMap = v;
            return this;
        }

        public Builder softNotFoundProbe(boolean v) {
            softNotFoundProbe = v;
            return this;
        }

        public Builder exclude(List<Pattern> v) {
            exclude = v;
            return this;
        }

        public Builder maxAge(Duration v) {
            maxAge = v;
            return this;
        }

        public Builder confirmAfter(int v) {
            confirmAfter = v;
            return this;
        }

        public Builder confirmSpan(Duration v) {
            confirmSpan = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        /**
         * When this run takes up the latest link run that never finished (default
         * {@link Resume#DEFAULT}: one started less than 12 hours ago; the nightly job passes
         * {@link Resume#since} its own start; {@link Resume#NEVER} for {@code --no-resume}).
         */
        public Builder resume(Resume v) {
            resume = v;
            return this;
        }

        /** The most a run may request ({@link Budget#NONE} by default). */
        public Builder budget(Budget v) {
            budget = v;
            return this;
        }

        public LinkCheckOptions build() {
            return new LinkCheckOptions(concurrency, perHost, perHostInterval, connectTimeout, readTimeout,
                    requestTimeout, urlTimeout, maxRetries, retryBase, retryAfterCap, maxRedirects, bodyCap,
                    userAgent, proxy, addressPolicy, hostMap, softNotFoundProbe, exclude, maxAge, confirmAfter,
                    confirmSpan, clock, resume, budget);
        }
    }
}
