package org.newskeeper.warc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;
import org.newskeeper.rules.RuleSettings;

/**
 * What {@link Packer} does.
 *
 * @param corpus        the corpus root (or one article file)
 * @param out           the directory the WARC files go to
 * @param prefix        the first part of WARC file names
 * @param collection    the collection name: {@code isPartOf}, Target-URIs, dedup scope
 * @param maxSize       rotate to a new file once a file reaches this many bytes
 * @param capture       also capture the source URL and images of each packed article
 * @param all           repack every article, changed or not
 * @param wacz          also write {@code <collection>.wacz} over every WARC of the collection in {@code out}
 * @param database      the SQLite database holding the archive index
 * @param operator      the warcinfo {@code operator}, when configured
 * @param rules         the rule settings for the findings written into metadata records
 * @param addressPolicy which addresses captures may connect to
 * @param hostMap       hosts whose captures go to another address (demo)
 * @param linkStatuses  the latest link statuses (link history)
 * @param timeout       connect and read timeout of each capture
 * @param maxBody       the largest response body a capture keeps
 */
public record PackOptions(
        Path corpus,
        Path out,
        String prefix,
        String collection,
        long maxSize,
        boolean capture,
        boolean all,
        boolean wacz,
        Path database,
        Optional<String> operator,
        RuleSettings rules,
        AddressPolicy addressPolicy,
        HostMap hostMap,
        LinkStatuses linkStatuses,
        Duration timeout,
        long maxBody) {
    public static final String DEFAULT_PREFIX = "NEWSKEEPER";
    public static final String DEFAULT_COLLECTION = "newskeeper";
    public static final Path DEFAULT_OUT = Path.of("warc-output");
    public static final long DEFAULT_MAX_SIZE = 1L << 30;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final long DEFAULT_MAX_BODY = 20L << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B)?", Pattern.CASE_INSENSITIVE);

    public PackOptions {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(addressPolicy, "addressPolicy");
        Objects.requireNonNull(hostMap, "hostMap");
        Objects.requireNonNull(linkStatuses, "linkStatuses");
        Objects.requireNonNull(timeout, "timeout");
        if (prefix == null || !NAME.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be letters, digits, '.', '_' or '-': " + prefix);
        }
        if (collection == null || !NAME.matcher(collection).matches()) {
            throw new IllegalArgumentException("collection must be letters, digits, '.', '_' or '-': " + collection);
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("max size must be positive: " + maxSize);
        }
        if (maxBody < 1) {
            throw new IllegalArgumentException("max body must be positive: " + maxBody);
        }
    }

    /** Options with every default ({@code warc-output/}, NEWSKEEPER, 1 GB, no capture) but the corpus. */
    public static PackOptions defaults(Path corpus) {
        return builder(corpus).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(Path corpus) {
        return new Builder(corpus);
    }

    /** Builds {@link PackOptions}; every setter returns the builder. */
    public static final class Builder {
        private final Path corpus;
        private Path out = DEFAULT_OUT;
        private String prefix = DEFAULT_PREFIX;
        private String collection = DEFAULT_COLLECTION;
        private long maxSize = DEFAULT_MAX_SIZE;
        private boolean capture;
        private boolean all;
        private boolean wacz;
        private Path database = org.newskeeper.history.Database.DEFAULT;
        private Optional<String> operator = Optional.empty();
        private RuleSettings rules = RuleSettings.defaults();
        private AddressPolicy addressPolicy = AddressPolicy.PUBLIC_ONLY;
        private HostMap hostMap = HostMap.NONE;
        private LinkStatuses linkStatuses = LinkStatuses.NONE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private long maxBody = DEFAULT_MAX_BODY;

        private Builder(Path corpus) {
            this.corpus = corpus;
        }

        public Builder out(Path value) {
            out = value;
            return this;
        }

        public Builder prefix(String value) {
            prefix = value;
            return this;
        }

        public Builder collection(String value) {
            collection = value;
            return this;
        }

        public Builder maxSize(long value) {
            maxSize = value;
            return this;
        }

        public Builder capture(boolean value) {
            capture = value;
            return this;
        }

        public Builder all(boolean value) {
            all = value;
            return this;
        }

        public Builder wacz(boolean value) {
            wacz = value;
            return this;
        }

        public Builder database(Path value) {
            database = value;
            return this;
        }

        public Builder operator(Optional<String> value) {
            operator = value;
            return this;
        }

        public Builder rules(RuleSettings value) {
            rules = value;
            return this;
        }

        public Builder addressPolicy(AddressPolicy value) {
            addressPolicy = value;
            return this;
        }

        public Builder hostMap(HostMap value) {
            hostMap = value;
            return this;
        }

        public Builder linkStatuses(LinkStatuses value) {
            linkStatuses = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder maxBody(long value) {
            maxBody = value;
            return this;
        }

        /**
         * Applies the {@code [pack]} table of newskeeper.toml: {@code out}, {@code prefix},
         * {@code collection}, {@code max_size}, {@code db}, {@code operator}, and for captures
         * {@code timeout} (seconds) and {@code max_body}; and the {@code [rules]} settings.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public Builder config(org.newskeeper.config.Config config) {
            com.fasterxml.jackson.databind.JsonNode pack = config.section("pack");
            rules(RuleSettings.from(config));
            text(pack, "out").map(Path::of).ifPresent(this::out);
            text(pack, "prefix").ifPresent(this::prefix);
            text(pack, "collection").ifPresent(this::collection);
            text(pack, "max_size", "max-size").map(PackOptions::parseSize).ifPresent(this::maxSize);
            text(pack, "db").map(Path::of).ifPresent(this::database);
            text(pack, "operator").ifPresent(o -> operator(Optional.of(o)));
            text(pack, "timeout").map(t -> Duration.ofMillis((long) (Double.parseDouble(t) * 1000)))
                    .ifPresent(this::timeout);
            text(pack, "max_body", "max-body").map(PackOptions::parseSize).ifPresent(this::maxBody);
            return this;
        }

        private static Optional<String> text(com.fasterxml.jackson.databind.JsonNode section, String... keys) {
            for (String k : keys) {
                com.fasterxml.jackson.databind.JsonNode n = section.path(k);
                if (!n.isMissingNode() && !n.isNull()) {
                    return Optional.of(n.asText());
                }
            }
            return Optional.empty();
        }

        public PackOptions build() {
            return new PackOptions(corpus, out, prefix, collection, maxSize, capture, all, wacz, database,
                    operator, rules, addressPolicy, hostMap, linkStatuses, timeout, maxBody);
        }
    }

    /**
     * Parses a size such as {@code 1073741824}, {@code 100M}, {@code 1G}, {@code 512KB} or {@code 2GiB}
     * (binary multiples).
     *
     * @throws IllegalArgumentException naming the value when it is not a positive size
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (e.g. 100M, 1G): " + text);
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: " + text, e);
        }
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size out of range: " + text);
        }
        return n << shift;
    }
}
