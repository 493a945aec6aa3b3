package org.newskeeper.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.newskeeper.config.Config;
import org.newskeeper.config.ConfigException;

/**
 * Which files under a corpus root are articles, and how they may be read: the {@code [corpus]}
 * table of newskeeper.toml.
 * <pre>
 * [corpus]
 * include = ["**&#47;*.md"]                      # globs relative to the corpus root
 * exclude = ["README.md", "CHANGELOG.md", "LICENSE*", "index.md", "**&#47;.*&#47;**"]
 * follow_symlinks_outside = false               # symbolic links leaving the root are findings
 * max_file_size = "50M"                         # larger files are findings, never read whole
 * </pre>
 * Globs: {@code *} and {@code ?} stay within one folder name, {@code **} crosses folders
 * ({@code **&#47;} also matches no folder at all), {@code {a,b}} alternatives, {@code [...]}
 * character classes. A glob without a '/' matches at the corpus root only.
 *
 * @param include               the globs a file must match (any one) to be an article
 * @param exclude               the globs that take a file (or a whole folder) out again
 * @param followSymlinksOutside whether a symbolic link resolving outside the root is read
 * @param maxFileSize           the largest article file read, in bytes
 */
public record CorpusSettings(List<String> include, List<String> exclude, boolean followSymlinksOutside, long maxFileSize) {
    /** The configuration table. */
    public static final String TABLE = "corpus";
    /** The keys the {@code [corpus]} table may hold. */
    public static final Set<String> CONFIG_KEYS = Set.of("include", "exclude", "follow_symlinks_outside", "max_file_size");
    public static final List<String> DEFAULT_INCLUDE = List.of("**/*.md");
    public static final List<String> DEFAULT_EXCLUDE = List.of("README.md", "CHANGELOG.md", "LICENSE*", "index.md", "**/.*/**");
    public static final long DEFAULT_MAX_FILE_SIZE = 50L << 20;


    public CorpusSettings {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (maxFileSize < 1) {
            throw new org.newskeeper.config.InvalidOptionException("max_file_size must be positive: " + maxFileSize);
        }
        for (String g : include) {
            glob(g);
        }
        for (String g : exclude) {
            glob(g);
        }
    }

    /** Every default: {@code **&#47;*.md} but the root's README, CHANGELOG, LICENSE*, index.md and dot-folders; 50 MiB. */
    public static CorpusSettings defaults() {
        return new CorpusSettings(DEFAULT_INCLUDE, DEFAULT_EXCLUDE, false, DEFAULT_MAX_FILE_SIZE);
    }

    /**
     * Reads the {@code [corpus]} table: {@code include} and {@code exclude} (lists of globs, each
     * replacing its default list), {@code follow_symlinks_outside} (boolean), {@code max_file_size}
     * (a size such as {@code "50M"}, or a number of bytes). An unknown key, a bad glob or a value of
     * the wrong type is a ConfigException naming file, table and key.
     */
    public static CorpusSettings read(Config config) throws ConfigException {
        config.requireKnownKeys(TABLE, CONFIG_KEYS);
        List<String> include = config.strings(TABLE, "include").orElse(DEFAULT_INCLUDE);
        List<String> exclude = config.strings(TABLE, "exclude").orElse(DEFAULT_EXCLUDE);
        boolean follow = config.bool(TABLE, "follow_symlinks_outside").orElse(false);
        long max = DEFAULT_MAX_FILE_SIZE;
        var node = config.section(TABLE).path("max_file_size");
        if (!node.isMissingNode() && !node.isNull()) {
            try {
                max = node.isIntegralNumber() && node.canConvertToLong() ? node.longValue()
                        : org.newskeeper.config.Sizes.parse(config.string(TABLE, "max_file_size").orElseThrow());
                if (max < 1) {
                    throw new org.newskeeper.config.InvalidOptionException("must be positive");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.describe(TABLE) + " max_file_size: expected a size such as \"50M\" or a"
                        + " number of bytes, got " + node);
            }
        }
        for (String key : List.of("include", "exclude")) {
            for (String g : key.equals("include") ? include : exclude) {
                try {
                    glob(g);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(config.describe(TABLE) + " " + key + ": " + e.getMessage());
                }
            }
        }
        return new CorpusSettings(include, exclude, follow, max);
    }

    /** These settings with more exclude globs (the {@code --exclude} flags). */
    public CorpusSettings withExclude(List<String> more) {
        List<String> all = new ArrayList<>(exclude);
        all.addAll(more);
        return new CorpusSettings(include, all, followSymlinksOutside, maxFileSize);
    }

    /** These settings with another size limit. */
    public CorpusSettings withMaxFileSize(long value) {
        return new CorpusSettings(include, exclude, followSymlinksOutside, value);
    }

    /** Whether the file at {@code path} (relative to the root, '/' separators) is an article. */
    public boolean isArticle(String path) {
        return any(include, path) && !any(exclude, path);
    }

    /**
     * Whether the folder at {@code path} (relative to the root) is excluded as a whole: an exclude
     * glob ending in {@code /**} matches everything under it, so it is not entered.
     */
    public boolean excludesFolder(String path) {
        for (String g : exclude) {
            if (g.endsWith("/**") && glob(g).matcher(path + "/").matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean any(List<String> globs, String path) {
        for (String g : globs) {
            if (glob(g).matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Map<String, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A glob as a regular expression over '/'-separated relative paths. */
    static Pattern glob(String glob) {
        Objects.requireNonNull(glob, "glob");
        Pattern p = COMPILED.get(glob);
        if (p == null) {
            p = Pattern.compile(toRegex(glob));
            COMPILED.put(glob, p);
        }
        return p;
    }

    private static String toRegex(String glob) {
        if (glob.isEmpty()) {
            throw new org.newskeeper.config.InvalidOptionException("an empty glob matches nothing");
        }
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new org.newskeeper.config.InvalidOptionException("'" + glob + "': '}' without '{' at " + (i + 1));
                    }
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new org.newskeeper.config.InvalidOptionException("'" + glob + "': '[' without ']' at " + (i + 1));
                    }
                    String cls = glob.substring(i + 1, end).replace("\\", "\\\\");
                    re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new org.newskeeper.config.InvalidOptionException("'" + glob + "': '{' without '}'");
        }
        return re.toString();
    }
}
