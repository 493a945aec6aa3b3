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
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusSettings;
import org.newskeeper.config.Sizes;
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
 * @param knownLinks    the latest link statuses (link history)
 * @param timeout       connect and read timeout of each capture
 * @param maxBody       the largest response body a capture keeps
 * @param corpusSettings which files of the corpus are articles, and how they may be read ({@code [corpus]})
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
        KnownLinks knownLinks,
        Duration timeout,
        long maxBody,
        CorpusSettings corpusSettings) {
    public static final String DEFAULT_PREFIX = "NEWSKEEPER";
    public static final String DEFAULT_COLLECTION = "newskeeper";
    public static final Path DEFAULT_OUT = Path.of("warc-output");
    public static final long DEFAULT_MAX_SIZE = 1L << 30;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final long DEFAULT_MAX_BODY = 20L << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** These options with {@code value} as the latest link statuses (the nightly's own link run). */
    public PackOptions withKnownLinks(KnownLinks value) {
        return new PackOptions(corpus, out, prefix, collection, maxSize, capture, all, wacz, database, operator, rules,
                addressPolicy, hostMap, value, timeout, maxBody, corpusSettings);
    }

    /** Options with every component but {@code corpusSettings}, which is the default. */
    public PackOptions(Path corpus, Path out, String prefix, String collection, long maxSize, boolean capture, boolean all,
            boolean wacz, Path database, Optional<String> operator, RuleSettings rules, AddressPolicy addressPolicy,
            HostMap hostMap, KnownLinks knownLinks, Duration timeout, long maxBody) {
        this(corpus, out, prefix, collection, maxSize, capture, all, wacz, database, operator, rules, addressPolicy, hostMap,
                knownLinks, timeout, maxBody, CorpusSettings.defaults());
    }

    public PackOptions {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(addressPolicy, "addressPolicy");
        Objects.requireNonNull(hostMap, "hostMap");
        Objects.requireNonNull(knownLinks, "knownLinks");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(corpusSettings, "corpusSettings");
        if (prefix == null || !NAME.matcher(prefix).matches()) {
            throw new org.newskeeper.config.InvalidOptionException("prefix must be letters, digits, '.', '_' or '-': " + prefix);
        }
        if (collection == null || !NAME.matcher(collection).matches()) {
            throw new org.newskeeper.config.InvalidOptionException("collection must be letters, digits, '.', '_' or '-': " + collection);
        }
        if (maxSize < 1) {
            throw new org.newskeeper.config.InvalidOptionException("max size must be positive: " + maxSize);
        }
        if (maxBody < 1) {
            throw new org.newskeeper.config.InvalidOptionException("max body must be positive: " + maxBody);
        }
    }

    /** Options with every default ({@code warc-output/}, NEWSKEEPER, 1 GB, no capture) but the corpus. */
    public static PackOptions defaults(Path corpus) {
        return builder(corpus).build();
    }

    /**
     * Checks, without creating or changing anything, that the paths can be used: {@code corpus}
     * exists; {@code out} is a directory or can be created as one (its nearest existing ancestor is
     * a directory); {@code database} is a SQLite database or can be created (an empty file, or
     * absent under a directory). {@link Packer#pack()} calls it before it creates anything.
     *
     * @throws InputException one line naming the path and what is wrong with it
     */
    public void requireUsablePaths() {
        if (!java.nio.file.Files.exists(corpus)) {
            throw new InputException(corpus + ": no such corpus file or directory");
        }
        requireArticles();
        requireDirectory("WARC folder", out);
        requireDatabase(database);
    }

    /**
     * A corpus folder must hold at least one article, and a corpus given as one file must be an
     * article: {@code pack notes.txt} is refused, never archived silently.
     */
    private void requireArticles() {
        if (java.nio.file.Files.isRegularFile(corpus)) {
            Optional<String> not = ArticleParser.notAnArticle(corpus);
            if (not.isPresent()) {
                throw new InputException(corpus + ": " + not.get() + "; not packed");
            }
            return;
        }
        if (!java.nio.file.Files.isDirectory(corpus) || !java.nio.file.Files.isReadable(corpus)) {
            throw new InputException(corpus + ": not a readable corpus folder");
        }
        try (java.util.stream.Stream<org.newskeeper.corpus.CorpusFile> files = Corpus.files(corpus, corpusSettings)) {
            if (files.findAny().isEmpty()) {
                throw new InputException(corpus + ": no articles (no file matches [corpus] include "
                        + corpusSettings.include() + " but not exclude " + corpusSettings.exclude() + ")");
            }
        } catch (java.io.IOException e) {
            throw new InputException(corpus + ": cannot read the corpus: " + e.getMessage(), e);
        }
    }

    private static void requireDirectory(String what, Path dir) {
        if (java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        if (java.nio.file.Files.exists(dir)) {
            throw new InputException(what + " " + dir + ": not a directory");
        }
        requireCreatable(what, dir);
    }

    /** An absent path can be created when its nearest existing ancestor is a directory. */
    private static void requireCreatable(String what, Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.isDirectory(p)) {
                return;
            }
            if (java.nio.file.Files.exists(p)) {
                throw new InputException(what + " " + path + ": " + p + " is not a directory");
            }
        }
    }

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static void requireDatabase(Path db) {
        if (!java.nio.file.Files.exists(db)) {
            requireCreatable("database", db);
            return;
        }
        if (!java.nio.file.Files.isRegularFile(db)) {
            throw new InputException("database " + db + ": not a file");
        }
        byte[] head;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(db)) {
            head = in.readNBytes(SQLITE_MAGIC.length);
        } catch (java.io.IOException e) {
            throw new InputException("database " + db + ": cannot read: " + e.getMessage(), e);
        }
        if (head.length > 0 && !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
            throw new InputException("database " + db + ": not a SQLite database");
        }
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
        private KnownLinks knownLinks = KnownLinks.NONE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private long maxBody = DEFAULT_MAX_BODY;
        private CorpusSettings corpusSettings = CorpusSettings.defaults();

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

        public Builder knownLinks(KnownLinks value) {
            knownLinks = value;
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

        public Builder corpusSettings(CorpusSettings value) {
            corpusSettings = value;
            return this;
        }

        /** The keys the {@code [pack]} table may hold. */
        public static final java.util.Set<String> CONFIG_KEYS = java.util.Set.of("out", "prefix", "collection",
                "max_size", "db", "operator", "timeout", "max_body");

        /**
         * Applies the {@code [pack]} table of newskeeper.toml: {@code out}, {@code prefix},
         * {@code collection}, {@code operator} (strings), {@code max_size} (a size such as
         * {@code "1G"}, or a number of bytes), {@code db} (string), and for captures {@code timeout}
         * (seconds) and {@code max_body} (size); and the {@code [rules]} and {@code [corpus]} settings. An unknown key or a
         * value of the wrong type is refused.
         *
         * @throws InputException one line naming the file, the table and the key
         */
        public Builder config(Config config) {
            try {
                config.requireKnownKeys(PACK, CONFIG_KEYS);
                rules(RuleSettings.from(config));
                corpusSettings(CorpusSettings.read(config));
                config.path(PACK, "out").ifPresent(this::out);
                config.string(PACK, "prefix").ifPresent(this::prefix);
                config.string(PACK, "collection").ifPresent(this::collection);
                config.size(PACK, "max_size").ifPresent(this::maxSize);
                config.path(PACK, "db").ifPresent(this::database);
                config.string(PACK, "operator").ifPresent(o -> operator(Optional.of(o)));
                config.seconds(PACK, "timeout", 86_400).ifPresent(this::timeout);
                config.size(PACK, "max_body").ifPresent(this::maxBody);
            } catch (ConfigException e) {
                throw new InputException(e.getMessage(), e);
            }
            return this;
        }

        private static final String PACK = "pack";

        public PackOptions build() {
            return new PackOptions(corpus, out, prefix, collection, maxSize, capture, all, wacz, database,
                    operator, rules, addressPolicy, hostMap, knownLinks, timeout, maxBody, corpusSettings);
        }
    }

    /**
     * Parses a size such as {@code 1073741824}, {@code 100M}, {@code 1G}, {@code 512KB} or {@code 2GiB}
     * (binary multiples).
     *
     * @throws IllegalArgumentException naming the value when it is not a positive size
     */
    public static long parseSize(String text) {
        return Sizes.parse(text);
    }
}
