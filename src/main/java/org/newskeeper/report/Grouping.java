package org.newskeeper.report;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.newskeeper.history.RunLink;
import org.newskeeper.links.Role;
import org.newskeeper.links.ShareLinks;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.linkstate.UrlKey;

/**
 * Which row of the review table each failing URL belongs to. A share link (a share endpoint, or a URL
 * cited only as a share) whose unwrapped target is itself a failing URL of the run, or whose redirects
 * lead to one (an {@code rfi.my} short link to a dead article), is folded into that URL's row; every
 * other failing URL is a row of its own. URLs are compared by the checker's normalised key.
 */
final class Grouping {
    private Grouping() {
    }

    /** For each failing URL, the URL of the row it belongs to (itself when it heads a row). */
    static Map<String, String> heads(List<RunLink> failing) {
        Map<String, String> byKey = new HashMap<>();
        for (RunLink l : failing) {
            byKey.putIfAbsent(key(l.url()), l.url());
        }
        Map<String, String> parent = new LinkedHashMap<>();
        for (RunLink l : failing) {
            parent.put(l.url(), leadsTo(l, byKey).orElse(l.url()));
        }
        Map<String, String> heads = new LinkedHashMap<>();
        for (String u : parent.keySet()) {
            String h = u;
            Set<String> seen = new HashSet<>();
            while (!parent.get(h).equals(h) && seen.add(h)) {
                h = parent.get(h);
            }
            // a loop of share links leading to one another: each stays a row of its own
            heads.put(u, parent.get(h).equals(h) ? h : u);
        }
        return heads;
    }

    /** The failing URL a share link leads to, when it is one and leads to one. */
    private static Optional<String> leadsTo(RunLink l, Map<String, String> byKey) {
        boolean share = ShareLinks.isShare(l.url()) || (!l.citations().isEmpty()
                && l.citations().stream().allMatch(c -> c.role() == Role.SHARE));
        if (!share) {
            return Optional.empty();
        }
        String self = key(l.url());
        Optional<String> target = ShareLinks.target(l.url());
        if (target.isPresent()) {
            String t = byKey.get(key(target.get()));
            if (t != null && !key(t).equals(self)) {
                return Optional.of(t);
            }
        }
        for (Redirect hop : l.redirects()) {
            String t = byKey.get(key(hop.url()));
            if (t != null && !key(t).equals(self)) {
                return Optional.of(t);
            }
        }
        if (l.finalUrl().isPresent()) {
            String t = byKey.get(key(l.finalUrl().get()));
            if (t != null && !key(t).equals(self)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static String key(String url) {
        try {
            return UrlKey.normalize(url);
        } catch (RuntimeException e) {
            return url;
        }
    }
}
