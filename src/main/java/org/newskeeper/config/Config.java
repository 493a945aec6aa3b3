package org.newskeeper.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional {@code newskeeper.toml}. Each capability reads its own table ({@code [rules]},
 * {@code [links]}, {@code [pack]}, {@code [nightly]}, {@code [corpus]}, {@code [archives]}) through {@link #section(String)}.
 */
public final class Config {
    /** The file looked for in the working directory when no {@code --config} is given. */
    public static final String DEFAULT_FILE = "newskeeper.toml";

    /** The tables a configuration may have; any other top-level key is an error. */
    public static final Set<String> TABLES = Set.of("rules", "links", "pack", "nightly", "corpus", "archives");

    private static final Config EMPTY = new Config(Optional.empty(), MissingNode.getInstance());

    private final Optional<Path> file;
    private final JsonNode root;

    private Config(Optional<Path> file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** No configuration: every default applies. */
    public static Config empty() {
        return EMPTY;
    }

    /**
     * Loads the configuration: the given file, which must exist, or else {@code newskeeper.toml}
     * in the working directory when there is one, or else none.
     */
    public static Config load(Optional<Path> explicit) throws ConfigException {
        if (explicit.isPresent()) {
            return read(explicit.get());
        }
        Path implicit = Path.of(DEFAULT_FILE);
        return Files.isRegularFile(implicit) ? read(implicit) : EMPTY;
    }

    /**
     * Reads a TOML file (UTF-8, an optional byte-order mark); a missing or malformed file, or an
     * unknown table, is a {@link ConfigException} naming file and position.
     */
    public static Config read(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read configuration: " + e.getMessage());
        }
        String text = utf8(file, bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        refuseLongIntegers(file, text);
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new ConfigException(file + where + ": " + e.getOriginalMessage());
        }
        Config config = new Config(Optional.of(file), root == null ? MissingNode.getInstance() : root);
        for (Iterator<String> names = config.root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TABLES.contains(name)) {
                throw new ConfigException(file + ": unknown table or key '" + name + "' (known tables: "
                        + String.join(", ", new TreeSet<>(TABLES)) + ")");
            }
            if (!config.root.get(name).isObject()) {
                throw new ConfigException(file + ": '" + name + "' must be a table ([" + name + "])");
            }
        }
        return config;
    }

    /** {@code key = 123}, the value a bare integer (underscores allowed), a comment after it. */
    private static final Pattern INTEGER_LINE =
            Pattern.compile("^\\s*([^=#\\[\\s][^=#]*?)\\s*=\\s*([+-]?[0-9][0-9_]*)\\s*(?:#.*)?$");
    private static final Pattern TABLE_LINE = Pattern.compile("^\\s*\\[\\s*([^\\]]+?)\\s*\\]\\s*(?:#.*)?$");
    /** The TOML reader mangles integers of 19 digits (9223372036854775807 reads as 6854775807). */
    private static final int MAX_DIGITS = 18;

    /**
     * Refuses integers of more than 18 digits with their real value: none is a meaningful setting, and
     * the TOML reader would silently read a different number.
     */
    private static void refuseLongIntegers(Path file, String text) throws ConfigException {
        String table = "";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher t = TABLE_LINE.matcher(lines[i]);
            if (t.matches()) {
                table = t.group(1);
                continue;
            }
            Matcher m = INTEGER_LINE.matcher(lines[i].replace("\r", ""));
            if (m.matches() && m.group(2).replaceAll("[+_-]", "").length() > MAX_DIGITS) {
                throw new ConfigException(file + ":" + (i + 1) + ": " + (table.isEmpty() ? "" : "[" + table + "] ")
                        + m.group(1) + ": expected a whole number of at most " + MAX_DIGITS + " digits, got " + m.group(2));
            }
        }
    }

    private static String utf8(Path file, byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException(file + ":" + line + ": not UTF-8 (byte offset " + offset + ")");
        }
    }

    /** The file this configuration was read from, if any. */
    public Optional<Path> file() {
        return file;
    }

    /** A top-level table, or a missing node (whose {@code path(...)} lookups are all missing too). */
    public JsonNode section(String name) {
        return root.path(name);
    }

    /**
     * Refuses keys of {@code section} that are not in {@code known}, so a misspelt setting is an
     * error rather than silently ignored.
     */
    public void requireKnownKeys(String section, Set<String> known) throws ConfigException {
        JsonNode table = section(section);
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = table.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(describe(section) + ": unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    /** A boolean setting: absent, or {@code true}/{@code false}; anything else is an error naming the key. */
    public Optional<Boolean> bool(String section, String key) throws ConfigException {
        JsonNode v = section(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw bad(section, key, "true or false", v);
        }
        return Optional.of(v.booleanValue());
    }

    /** A string setting: absent, or a string; anything else is an error naming the key. */
    public Optional<String> string(String section, String key) throws ConfigException {
        JsonNode v = section(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw bad(section, key, "a string", v);
        }
        return Optional.of(v.textValue());
    }

    /** An integer setting: absent, or a whole number; anything else is an error naming the key. */
    public Optional<Long> integer(String section, String key) throws ConfigException {
        JsonNode v = section(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(section, key, "a whole number", v);
        }
        return Optional.of(v.longValue());
    }

    /**
     * A whole number from {@code min} to {@code max}: absent, or an error naming the file, table, key,
     * the range and the value as given.
     */
    public Optional<Long> integer(String section, String key, long min, long max) throws ConfigException {
        Optional<Long> v = integer(section, key);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw invalid(section, key, "expected a whole number from " + min + " to " + max + ", got " + v.get());
        }
        return v;
    }

    /** A whole number from {@code min} to {@link Integer#MAX_VALUE}. */
    public Optional<Integer> integer(String section, String key, int min) throws ConfigException {
        return integer(section, key, min, Integer.MAX_VALUE).map(Long::intValue);
    }

    /** A positive number of seconds, whole or not ({@code timeout = 2.5}), at most {@code maxSeconds}. */
    public Optional<Duration> seconds(String section, String key, long maxSeconds) throws ConfigException {
        JsonNode v = section(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber() || !(v.asDouble() > 0) || v.asDouble() > maxSeconds) {
            throw invalid(section, key, "expected a positive number of seconds (at most " + maxSeconds + "), got " + v);
        }
        return Optional.of(Duration.ofMillis(Math.max(1, Math.round(v.asDouble() * 1000))));
    }

    /** A duration string ({@link Durations#parse}: {@code "7d"}, {@code "12h"}, {@code "P7D"}), or {@code "0"}. */
    public Optional<Duration> duration(String section, String key) throws ConfigException {
        Optional<String> v = string(section, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String text = v.get().strip();
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            throw invalid(section, key, e.getMessage());
        }
    }

    /** A size ({@link Sizes#parse}: {@code "1G"}, {@code "100M"}), or a whole number of bytes. */
    public Optional<Long> size(String section, String key) throws ConfigException {
        JsonNode v = section(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        try {
            if (v.isNumber()) {
                return integer(section, key).map(n -> Sizes.parse(Long.toString(n)));
            }
            return string(section, key).map(Sizes::parse);
        } catch (IllegalArgumentException e) {
            throw invalid(section, key, e.getMessage());
        }
    }

    /** A path: a string that is not blank and that this system can name. */
    public Optional<Path> path(String section, String key) throws ConfigException {
        Optional<String> v = string(section, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().isBlank()) {
            throw invalid(section, key, "empty path");
        }
        try {
            return Optional.of(Path.of(v.get()));
        } catch (InvalidPathException e) {
            throw invalid(section, key, "not a path: " + e.getMessage());
        }
    }

    /** A bad value of {@code key}: the exception naming the file, the table and the key, then {@code why}. */
    public ConfigException invalid(String section, String key, String why) {
        return new ConfigException(describe(section) + " " + key + ": " + why);
    }

    /** A list of strings: absent, or an array of strings; anything else is an error naming the key. */
    public Optional<List<String>> strings(String section, String key) throws ConfigException {
        JsonNode v = section(section).path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw bad(section, key, "a list of strings", v);
        }
        List<String> list = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw bad(section, key, "a list of strings", v);
            }
            list.add(e.textValue());
        }
        return Optional.of(List.copyOf(list));
    }

    private ConfigException bad(String section, String key, String expected, JsonNode got) {
        return new ConfigException(describe(section) + " " + key + ": expected " + expected + ", got " + got);
    }

    /** Where a setting comes from, for error messages: {@code newskeeper.toml [links]}. */
    public String describe(String section) {
        return file.map(Path::toString).orElse("(defaults)") + " [" + section + "]";
    }
}
