package org.newskeeper.linkstate;

import java.util.Objects;
import java.util.Optional;
import org.newskeeper.links.Role;

/**
 * An article citing a URL: what the checker maps a verdict back to, what a run stores with each
 * URL and what the reports list under it. The URL itself is not part of it (it is the key the
 * citation hangs under).
 *
 * @param path     the citing article's path
 * @param role     what the URL is to the article
 * @param line     1-based line of the citation, 0 when unknown
 * @param via      for a share link: the share endpoint, which is validated by syntax and never requested
 * @param expected for a share link: the article's own source URL, where the share should lead
 */
public record Citation(String path, Role role, int line, Optional<String> via, Optional<String> expected) {
    public Citation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(expected, "expected");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a citation needs the citing article's path");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line " + line + " of " + path + ": lines count from 1 (0 unknown)");
        }
        if (expected.isPresent() && via.isEmpty()) {
            throw new IllegalArgumentException(path + ": an expected target without the share link (via) that should reach it");
        }
    }

    /** A plain citation (not through a share link) at a 1-based line, 0 when unknown. */
    public static Citation of(String path, Role role, int line) {
        return new Citation(path, role, line, Optional.empty(), Optional.empty());
    }

    /** A plain citation whose line is not known. */
    public static Citation of(String path, Role role) {
        return of(path, role, 0);
    }

    /** Whether the URL is cited through a share link ({@link #via()}). */
    public boolean isShare() {
        return via.isPresent();
    }
}
