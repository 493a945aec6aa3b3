package org.newskeeper.check;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;

/**
 * The cookies of one run, in memory only, never written anywhere: sites that set a cookie and
 * redirect to themselves (consent and bot walls) answer a browser, and so must answer the checker,
 * or every one of their links would look like a redirect loop.
 */
final class SessionCookieJar implements CookieJar {
    private final ConcurrentHashMap<String, List<Cookie>> byDomain = new ConcurrentHashMap<>();

    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
        for (Cookie c : cookies) {
            byDomain.compute(c.domain(), (d, list) -> {
                List<Cookie> next = new ArrayList<>();
                if (list != null) {
                    for (Cookie old : list) {
                        if (!(old.name().equals(c.name()) && old.path().equals(c.path()))) {
                            next.add(old);
                        }
                    }
                }
                if (c.expiresAt() > System.currentTimeMillis()) {
                    next.add(c);
                }
                return next;
            });
        }
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
        if (byDomain.isEmpty()) {
            return List.of(); // no site set one: nothing to look up (the usual case, once per request)
        }
        List<Cookie> found = new ArrayList<>();
        long now = System.currentTimeMillis();
        String host = url.host();
        for (String domain = host; domain != null; domain = parent(domain)) {
            List<Cookie> list = byDomain.get(domain);
            if (list != null) {
                for (Cookie c : list) {
                    if (c.expiresAt() > now && c.matches(url)) {
                        found.add(c);
                    }
                }
            }
        }
        return found;
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 || dot == domain.length() - 1 ? null : domain.substring(dot + 1);
    }
}
