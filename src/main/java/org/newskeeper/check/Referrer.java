package org.newskeeper.check;

import java.util.Objects;
import java.util.Optional;
import org.newskeeper.links.Role;

/**
 * An article citing a checked URL.
 *
 * @param path          the article's path
 * @param role          what the URL is to the article
 * @param line          1-based line of the citation, 0 when unknown
 * @param via           for a share link: the share endpoint (not requested)
 * @param expected      for a share link: the article's source URL
 * @param shareMismatch the share leads somewhere alive that is not the article's source URL
 */
public record Referrer(String path, Role role, int line, Optional<String> via, Optional<String> expected,
        boolean shareMismatch) {
    public Referrer {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(expected, "expected");
    }
}
