package org.newskeeper.check;

import java.net.URI;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.newskeeper.linkstate.UrlKey;

/**
 * The URL a browser would request for a cited URL: parsed as the WHATWG URL Standard does (OkHttp's
 * {@link HttpUrl}), so spaces and non-ASCII characters are percent-encoded, an IDN host is written in
 * punycode, and the fragment is dropped. Captures use it as their request and {@code WARC-Target-URI};
 * the article keeps the URL as cited.
 */
public final class BrowserUrl {
    private BrowserUrl() {
    }

    /** The request URL of an http(s) URL as cited, or empty when it is not one a browser would request. */
    public static Optional<URI> of(String cited) {
        String s = cited.strip();
        if (s.length() > UrlKey.MAX_LENGTH) {
            return Optional.empty();
        }
        HttpUrl url = HttpUrl.parse(s);
        if (url == null || url.host().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(url.newBuilder().fragment(null).build().toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
