package org.newskeeper.linkstate;

import java.util.Objects;

/**
 * One hop of a redirect chain: the URL that was requested and the 3xx code it answered.
 *
 * @param url  the URL that redirected
 * @param code the redirect status code
 */
public record Redirect(String url, int code) {
    public Redirect {
        Objects.requireNonNull(url, "url");
    }

    /** 301 and 308 are permanent; 302, 303 and 307 temporary. */
    public boolean permanent() {
        return code == 301 || code == 308;
    }
}
