package org.newskeeper.links;

import java.util.Optional;

/** Makes {@link Link}s from attribute values as written: cleaned, resolved, decoded, unwrapped. */
public final class Links {
    private Links() {
    }

    /**
     * A link from an attribute value whose entities are already decoded.
     *
     * @param raw  the attribute value
     * @param role the role by element; an anchor to a share endpoint becomes {@link Role#SHARE}
     * @param base the source URL to resolve relative references against
     * @param line the 1-based line of the file
     * @return the link, or empty when the value names no URL (empty, fragment-only, {@code javascript:})
     */
    public static Optional<Link> of(String raw, Role role, Optional<String> base, int line) {
        String ref = Urls.clean(raw);
        if (ref.isEmpty() || ref.startsWith("#") || ref.regionMatches(true, 0, "javascript:", 0, 11)) {
            return Optional.empty();
        }
        String url = Urls.resolve(base, ref);
        Role r = role;
        if (role == Role.LINK && ShareLinks.isShare(url)) {
            r = Role.SHARE;
        }
        return Optional.of(make(url, r, line));
    }

    /** A link to an absolute (or unresolvable) URL with the given role. */
    public static Link make(String url, Role role, int line) {
        Optional<String> target = switch (role) {
            case SHARE -> ShareLinks.target(url);
            case IMAGE -> ImageProxies.original(url);
            default -> Optional.empty();
        };
        String decoded = Urls.decoded(url);
        if (role == Role.SHARE && !decoded.equals(url)) {
            decoded = ShareLinks.deepDecode(decoded);
        }
        return new Link(url, role, decoded, target, line);
    }
}
