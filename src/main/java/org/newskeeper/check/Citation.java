package org.newskeeper.check;

import java.util.Objects;
import java.util.Optional;
import org.newskeeper.links.Role;

/**
 * One citation of a URL by an article: what {@link LinkCheck} checks (once per distinct URL) and
 * maps its verdict back to.
 *
 * @param url      the URL to check (for a share link: the URL it shares)
 * @param path     the citing article's path
 * @param role     what the URL is to the article
 * @param line     1-based line of the citation, 0 when unknown
 * @param via      for a share link: the share endpoint, which is validated by syntax and never requested
 * @param expected for a share link: the article's own source URL, where the share should lead
 */
public record Citation(String url, String path, Role role, int line, Optional<String> via, Optional<String> expected) {
    public Citation {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(expected, "expected");
    }

    /** A plain citation. */
    public static Citation of(String url, String path, Role role, int line) {
        return new Citation(url, path, role, line, Optional.empty(), Optional.empty());
    }
}
