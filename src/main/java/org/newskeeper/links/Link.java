package org.newskeeper.links;

import java.util.Objects;
import java.util.Optional;

/**
 * A URL cited by an article.
 *
 * @param url     the absolute URL, resolved against the source URL, entities decoded
 * @param role    what the URL is to the article
 * @param decoded the URL's path and query percent-decoded as UTF-8 text (the URL itself where it does not decode)
 * @param target  for share links: the URL of the article being shared, unwrapped from the share endpoint;
 *                for images behind a proxy (images.weserv.nl, thumbor): the original image
 * @param line    1-based line in the file where the URL is cited
 */
public record Link(String url, Role role, String decoded, Optional<String> target, int line) {
    public Link {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(decoded, "decoded");
        Objects.requireNonNull(target, "target");
    }
}
