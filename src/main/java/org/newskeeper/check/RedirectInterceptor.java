package org.newskeeper.check;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.linkstate.UrlKey;

/**
 * Follows redirects by hand (OkHttp's own following is off) so every hop is recorded in the
 * {@link Trace}, loops are caught the first time a URL comes back (the second time when it came back
 * with a cookie, as consent walls do), and the number of hops is capped.
 * Each hop goes through the rest of the pipeline: retries, HEAD/GET, address checks, politeness.
 */
final class RedirectInterceptor implements Interceptor {
    private final int maxRedirects;

    RedirectInterceptor(int maxRedirects) {
        this.maxRedirects = maxRedirects;
    }

    static boolean isRedirect(int code) {
        return code == 300 || code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Trace trace = Trace.of(request);
        // Made at the first redirect: most URLs answer at once, and a key costs a URL rebuild.
        Map<String, Integer> visits = null;
        while (true) {
            trace.currentUrl = request.url();
            Response response = chain.proceed(request);
            String location = response.header("Location");
            if (!isRedirect(response.code()) || location == null || location.isBlank()) {
                return response;
            }
            boolean setCookie = !response.headers("Set-Cookie").isEmpty();
            response.close();
            trace.hops.add(new Redirect(UrlKey.key(request.url()), response.code()));
            HttpUrl next = request.url().resolve(location.strip());
            if (next == null) {
                UrlKey.Parsed p = UrlKey.parse(location);
                if (p.kind() == UrlKey.Kind.OTHER_SCHEME) {
                    throw new CheckException(LinkStatus.UNSUPPORTED, "redirects to a non-HTTP URL: " + location.strip());
                }
                throw new CheckException(LinkStatus.BROKEN, "redirects to a malformed URL: " + location.strip());
            }
            trace.currentUrl = next;
            if (visits == null) {
                visits = new HashMap<>();
                visits.put(trace.hops.get(trace.hops.size() - 1).url(), 1); // the URL asked first
            }
            // Back to a URL already visited is a loop, unless the answer set a cookie (a consent or
            // bot wall sends a browser back once, with its cookie); the third visit is a loop anyway.
            int visit = visits.merge(UrlKey.key(next), 1, Integer::sum);
            if (visit > 2 || (visit == 2 && !setCookie)) {
                throw new CheckException(LinkStatus.BROKEN,
                        "redirect loop: " + UrlKey.key(next) + " again after " + trace.hops.size() + " redirects");
            }
            if (trace.hops.size() > maxRedirects) {
                throw new CheckException(LinkStatus.BROKEN, "more than " + maxRedirects + " redirects");
            }
            request = request.newBuilder().url(next).build();
        }
    }
}
