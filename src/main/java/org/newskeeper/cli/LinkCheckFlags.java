package org.newskeeper.cli;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.Budget;
import org.newskeeper.check.HostMap;
import org.newskeeper.check.LinkCheckOptions;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.config.Durations;
import picocli.CommandLine.Option;

/** The link checker's flags, for commands that run link checks as a stage (nightly, demo). */
final class LinkCheckFlags {
    @Option(names = "--concurrency", paramLabel = "N", description = "Link checks in flight at once (default: 32).")
    Integer concurrency;

    @Option(names = "--per-host", paramLabel = "N", description = "Link checks in flight at once to one host (default: 2).")
    Integer perHost;

    @Option(names = "--per-host-interval", paramLabel = "MS", description = "Least time between two requests to one host, in ms (default: 100).")
    Long perHostInterval;

    @Option(names = "--timeout", paramLabel = "S", description = "Connect, read and request timeout in seconds (default: 20).")
    Double timeout;

    @Option(names = "--max-age", paramLabel = "DUR", description = "A URL seen alive this recently is not requested again: 7d, 12h, 0 (default: 7d).")
    String maxAge;

    @Option(names = "--budget", paramLabel = "DURATION|N", description = "Cap a night's requests: at most N URLs, or requests"
            + " started within DURATION (2h); new URLs first, then failing ones, then the stalest alive ones; the rest is deferred.")
    String budget;

    @Option(names = "--confirm-after", paramLabel = "N", description = "Consecutive failures over at least 48 h before a failure is confirmed (default: 3).")
    Integer confirmAfter;

    @Option(names = "--retries", paramLabel = "N", description = "Retries after 5xx, 408, 429, timeouts and resets (default: 3).")
    Integer retries;

    @Option(names = "--proxy", paramLabel = "URL", description = "An HTTP proxy for link checks, http://host:port.")
    String proxy;

    @Option(names = "--user-agent", paramLabel = "UA", description = "The User-Agent of link checks (default: newskeeper/VERSION (+project url)).")
    String userAgent;

    @Option(names = "--no-soft-404-probe", description = "Do not probe a random URL per host to detect soft 404s.")
    boolean noProbe;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Exclude URLs matching this regular expression (repeatable; added to [links] exclude).")
    List<String> exclude = new ArrayList<>();

    /** The {@code [links]} table of {@code config}, then these flags, over the defaults. */
    LinkCheckOptions options(Config config, HostMap hostMap, boolean allowPrivate) {
        try {
            LinkCheckOptions.Builder b = LinkCheckOptions.from(config).toBuilder().hostMap(hostMap);
            Optional.ofNullable(concurrency).ifPresent(b::concurrency);
            Optional.ofNullable(perHost).ifPresent(b::perHost);
            Optional.ofNullable(perHostInterval).map(Duration::ofMillis).ifPresent(b::perHostInterval);
            if (timeout != null) {
                if (!(timeout > 0)) {
                    throw new UsageException("--timeout must be positive");
                }
                b.timeout(Duration.ofMillis(Math.max(1, Math.round(timeout * 1000))));
            }
            if (maxAge != null) {
                b.maxAge(maxAge.strip().equals("0") ? Duration.ZERO : Durations.parse(maxAge));
            }
            Optional.ofNullable(confirmAfter).ifPresent(b::confirmAfter);
            if (budget != null) {
                try {
                    b.budget(Budget.parse(budget));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--budget: " + e.getMessage(), e);
                }
            }
            Optional.ofNullable(retries).ifPresent(b::maxRetries);
            if (proxy != null) {
                try {
                    b.proxy(Optional.of(URI.create(proxy)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--proxy " + proxy + ": not a URL: " + e.getMessage(), e);
                }
            }
            Optional.ofNullable(userAgent).ifPresent(b::userAgent);
            if (allowPrivate) {
                b.addressPolicy(AddressPolicy.ALLOW_PRIVATE);
            }
            if (noProbe) {
                b.softNotFoundProbe(false);
            }
            if (!exclude.isEmpty()) {
                LinkCheckOptions base = b.build();
                List<Pattern> patterns = new ArrayList<>(base.exclude());
                for (String e : exclude) {
                    try {
                        patterns.add(Pattern.compile(e));
                    } catch (PatternSyntaxException x) {
                        throw new UsageException("--exclude: bad regular expression '" + e + "': " + x.getDescription());
                    }
                }
                b.exclude(patterns);
            }
            return b.build();
        } catch (ConfigException | org.newskeeper.config.InvalidOptionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
