package org.newskeeper.links;

import java.util.Optional;

/** Image proxies (images.weserv.nl, thumbor) and the original image each one serves. */
public final class ImageProxies {
    private ImageProxies() {
    }

    /** The original image behind a proxied image URL, when the URL is a known proxy's. */
    public static Optional<String> original(String url) {
        return original(Urls.split(url));
    }

    static Optional<String> original(Urls.Parts p) {
        if (!p.scheme().startsWith("http")) {
            return Optional.empty();
        }
        String host = p.host();
        if (host.equals("images.weserv.nl") || host.equals("wsrv.nl")) {
            for (String[] pair : Urls.queryPairs(p.query())) {
                if (pair[0].equals("url") && !pair[1].isEmpty()) {
                    String v = ShareLinks.unwrap(pair[1]);
                    return Optional.of(Urls.isAbsolute(v) && v.contains("://") ? v : "http://" + v);
                }
            }
            return Optional.empty();
        }
        int unsafe = p.path().indexOf("/unsafe/");
        if (unsafe >= 0) {
            String rest = p.path().substring(unsafe);
            int http = rest.indexOf("/http");
            if (http >= 0) {
                String original = rest.substring(http + 1);
                if (original.startsWith("http://") || original.startsWith("https://")) {
                    return Optional.of(original + (p.hasQuery() ? "?" + p.query() : ""));
                }
            }
        }
        return Optional.empty();
    }
}
