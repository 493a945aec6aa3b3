package org.newskeeper.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional {@code newskeeper.toml}. Each capability reads its own table ({@code [rules]},
 * {@code [links]}, {@code [pack]}, {@code [nightly]}) through {@link #section(String)}.
 */
public final class Config {
    /** The file looked for in the working directory when no {@code --config} is given. */
    public static final String DEFAULT_FILE = "newskeeper.toml";

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

    /** Reads a TOML file; a missing or malformed file is a {@link ConfigException} naming file and position. */
    public static Config read(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode root = new TomlMapper().readTree(bytes);
            return new Config(Optional.of(file), root == null ? MissingNode.getInstance() : root);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new ConfigException(file + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read configuration: " + e.getMessage());
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

    /** Where a setting comes from, for error messages: {@code newskeeper.toml [links]}. */
    public String describe(String section) {
        return file.map(Path::toString).orElse("(defaults)") + " [" + section + "]";
    }
}
