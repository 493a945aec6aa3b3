package org.newskeeper.warc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sort-friendly URI Reordering Transform, as pywb and the Wayback Machine key their CDX indexes:
 * {@code https://www.rfi.fr/cn/a?b=2&a=1} becomes {@code fr,rfi)/cn/a?a=1&b=2}. Non-HTTP URIs
 * ({@code urn:...}) are keyed by their lower-cased text.
 */
public final class Surt {
    private Surt() {
    }

    /** The SURT key of {@code url}. */
    public static String of(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return url.toLowerCase(Locale.ROOT);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null) {
            return url.toLowerCase(Locale.ROOT);
        }
        String host = uri.getHost();
        if (host == null) {
            return url.toLowerCase(Locale.ROOT);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        host = host.replaceFirst("^www\\d*\\.", "");
        StringBuilder key = new StringBuilder();
        if (host.startsWith("[") || host.matches("[0-9.]+")) {
            key.append(host);
        } else {
            String[] parts = host.split("\\.");
            for (int i = parts.length - 1; i >= 0; i--) {
                key.append(parts[i]);
                if (i > 0) {
                    key.append(',');
                }
            }
        }
        int port = uri.getPort();
        if (port != -1 && !(port == 80 && scheme.equals("http")) && !(port == 443 && scheme.equals("https"))) {
            key.append(':').append(port);
        }
        key.append(')');
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        key.append(path.toLowerCase(Locale.ROOT));
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            String[] args = query.split("&");
            Arrays.sort(args);
            key.append('?').append(String.join("&", args).toLowerCase(Locale.ROOT));
        }
        return key.toString();
    }
}
