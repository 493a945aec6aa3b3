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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
