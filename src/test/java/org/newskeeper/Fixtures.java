package org.newskeeper;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Test fixtures under src/test/resources/fixtures, and the shared corpus when it is present. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A fixture file or folder, such as {@code articles/valid/rfi.md}. */
    public static Path path(String name) {
        URL url = Objects.requireNonNull(Fixtures.class.getResource("/fixtures/" + name), name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared real corpus from the surefire property {@code newskeeper.sharedCorpus}, when it exists. */
    public static Optional<Path> sharedCorpus() {
        String p = System.getProperty("newskeeper.sharedCorpus");
        if (p == null || p.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(p).normalize();
        return java.nio.file.Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
    }
}
