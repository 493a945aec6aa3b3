package org.newskeeper.demo;

import java.time.Duration;
import org.newskeeper.demo.WebDouble.Response;

/** The ways real news sites fail a link checker, as the web double plays them. */
public enum Fault {
    /** 404: the page was deleted. */
    NOT_FOUND,
    /** 410: removed on purpose. */
    GONE,
    /** 302 to the site's home page: a soft 404. */
    REDIRECT_HOME,
    /** 301 to another URL that is alive (served by the double with the same answer). */
    MOVED_PERMANENTLY,
    /** 429 with {@code Retry-After: 1}, every time. */
    TOO_MANY_REQUESTS,
    /** 503 every time. */
    SERVICE_UNAVAILABLE,
    /** The usual answer, after 1.5 seconds. */
    SLOW,
    /** 403 with {@code cf-mitigated: challenge}. */
    BOT_WALL;

    /** The delay of {@link #SLOW}. */
    public static final Duration SLOW_DELAY = Duration.ofMillis(1500);

    /** Makes {@code url} on {@code d} fail this way. */
    public void apply(WebDouble d, String url) {
        Response usual = d.route(url).filter(r -> r.code() == 200).orElseGet(() -> Response.page(url));
        switch (this) {
            case NOT_FOUND -> d.serve(url, Response.notFound());
            case GONE -> d.serve(url, Response.gone());
            case REDIRECT_HOME -> d.serve(url, Response.redirect(302, home(url)));
            case MOVED_PERMANENTLY -> {
                String moved = movedTo(url);
                d.serve(moved, usual);
                d.serve(url, Response.redirect(301, moved));
            }
            case TOO_MANY_REQUESTS -> d.serve(url, Response.tooManyRequests(1));
            case SERVICE_UNAVAILABLE -> d.serve(url, Response.serviceUnavailable());
            case SLOW -> d.serve(url, usual.slow(SLOW_DELAY));
            case BOT_WALL -> d.serve(url, Response.botWall());
            default -> throw new IllegalStateException(name());
        }
    }

    /** Where {@link #MOVED_PERMANENTLY} sends {@code url}: the same path under {@code /archive}. */
    public static String movedTo(String url) {
        String home = home(url);
        return home + "archive/" + url.substring(home.length()).replaceFirst("^/+", "").replaceFirst("^\\?", "index?");
    }

    /** {@code scheme://authority/} of {@code url}. */
    static String home(String url) {
        int scheme = url.indexOf("://");
        int end = scheme + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(0, end) + "/";
    }
}
