package org.newskeeper.links;

import java.util.Optional;

/** Makes {@link Link}s from attribute values as written: cleaned, resolved, decoded, unwrapped. */
public final class Links {
    private Links() {
    }

    /**
     * A link and what is wrong with its URL, found while making it (the URL is split and decoded once).
     *
     * @param link             the link
     * @param urlProblem       why the URL is unusable, if it is
     * @param encodingProblem  why its path and query do not percent-decode to UTF-8, if they do not
     */
    public record Made(Link link, Optional<String> urlProblem, Optional<String> encodingProblem) {
    }

    /**
     * A link from an attribute value whose entities are already decoded.
     *
     * @param raw  the attribute value
     * @param role the role by element; an anchor to a share endpoint becomes {@link Role#SHARE}
     * @param base the source URL to resolve relative references against
     * @param line the 1-based line of the file
     * @return the link, or empty when the value names nothing to fetch: empty, fragment-only,
     *     {@code javascript:}, {@code about:}, or a {@code data:} URI (its content is inline)
     */
    public static Optional<Made> of(String raw, Role role, Optional<String> base, int line) {
        String ref = Urls.clean(raw);
        if (namesNothing(ref)) {
            return Optional.empty();
        }
        return Optional.of(make(Urls.resolve(base, ref), role, line));
    }

    /** Whether an attribute value, cleaned, names nothing to fetch. */
    public static boolean namesNothing(String ref) {
        return ref.isEmpty() || ref.charAt(0) == '#' || ref.regionMatches(true, 0, "javascript:", 0, 11)
                || ref.regionMatches(true, 0, "data:", 0, 5) || ref.regionMatches(true, 0, "about:", 0, 6);
    }

    /** A link to an absolute (or unresolvable) URL; an anchor ({@link Role#LINK}) to a share endpoint becomes a share. */
    public static Made make(String url, Role role, int line) {
        Urls.Parts p = Urls.split(url);
        Role r = role == Role.LINK && ShareLinks.isShare(p) ? Role.SHARE : role;
        Optional<String> target = switch (r) {
            case SHARE -> ShareLinks.target(p);
            case IMAGE -> ImageProxies.original(p);
            default -> Optional.empty();
        };
        String tail = p.hasQuery() ? p.path() + "?" + p.query() : p.path();
        String decoded = url;
        Optional<String> encodingProblem = Optional.empty();
        if (!tail.isEmpty()) {
            PercentDecoding.Result result = PercentDecoding.decode(tail);
            if (result.ok()) {
                decoded = result.text().get();
                if (r == Role.SHARE && tail.indexOf('%') >= 0) {
                    decoded = ShareLinks.deepDecode(decoded);
                }
            } else {
                encodingProblem = result.problem();
            }
        }
        return new Made(new Link(url, r, decoded, target, line), Urls.problem(url, p), encodingProblem);
    }
}
