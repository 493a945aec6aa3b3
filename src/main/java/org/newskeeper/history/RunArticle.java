package org.newskeeper.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An article as a run saw it.
 *
 * @param path      the file, relative to the corpus root
 * @param site      the folder it is in ({@code rfi}, {@code voa}...), empty text at the root
 * @param dialect   its shape ({@code canonical}, {@code jekyll}, {@code cdt})
 * @param title     its title
 * @param source    its source URL
 * @param timestamp its feed timestamp
 * @param errors    how many error findings it has
 * @param warnings  how many warnings
 */
public record RunArticle(String path, String site, String dialect, Optional<String> title, Optional<String> source,
        Optional<Instant> timestamp, int errors, int warnings) {
    public RunArticle {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The folder of {@code path} that names the site: its parent folder's name. */
    public static String siteOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        String dir = path.substring(0, slash);
        return dir.substring(dir.lastIndexOf('/') + 1);
    }
}
