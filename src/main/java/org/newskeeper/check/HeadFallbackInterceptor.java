package org.newskeeper.check;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.newskeeper.config.Durations;

/**
 * HEAD first; GET when HEAD is refused (405, 501: remembered per host), answers 4xx/5xx (but not
 * 429 or an answer with {@code Retry-After}: those go to the retries), or breaks the connection. A GET reads the headers and at most {@code bodyCap} bytes of a 2xx body, within
 * the request timeout (a body that trickles in is a timeout), then lets the connection go. Every
 * answer leaves this interceptor detached from its connection.
 *
 * <p>A host whose HEAD "not found" (404, 410) the GET after it repeated {@value #TRUST_AFTER} times,
 * and never contradicted, is taken at its HEAD's word for "not found" from then on in this run: no
 * GET on top (at 6 % of links failing, one request in seventeen). One GET that answered otherwise
 * than its HEAD's 404/410 ends the host's trust for the run.
 *
 * <p>A URL that failed before ({@link Trace#confirm}) is rechecked with a GET alone: a failure is
 * confirmed only by GETs on later nights, whatever the first night's HEAD said, and a HEAD before
 * it would only double the requests of the failing URLs, which is most of what a night rechecks.
 */
final class HeadFallbackInterceptor implements Interceptor {
    private final long bodyCap;
    private final Duration requestTimeout;
    private final Set<String> headRefused = ConcurrentHashMap.newKeySet();
    /** Per host, how many HEAD 404/410s a GET repeated; {@link #CONTRADICTED} once a GET did not. */
    private final ConcurrentHashMap<String, Integer> headNotFound = new ConcurrentHashMap<>();
    /** How many HEAD "not found" answers a GET must repeat before the host's HEAD is taken at its word. */
    static final int TRUST_AFTER = 3;
    private static final int CONTRADICTED = -1;

    HeadFallbackInterceptor(long bodyCap, Duration requestTimeout) {
        this.bodyCap = bodyCap;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Trace trace = Trace.of(request);
        String host = request.url().host();
        int headCode = 0;
        if (!trace.wantBody && !trace.confirm && !headRefused.contains(host)) {
            Response head = null;
            try {
                trace.lastMethod = "HEAD";
                head = chain.proceed(request.newBuilder().head().build());
            } catch (IOException e) {
                if (!Failures.fallsBackToGet(e)) {
                    throw e;
                }
            }
            if (head != null) {
                head.close();
                int code = head.code();
                if (code == 405 || code == 501) {
                    headRefused.add(host);
                }
                // Answered, or asked to be left alone (429, Retry-After): no GET on top of it.
                // A trusted HEAD "not found" keeps the error a GET's would have: the next check (a GET,
                // the URL failed before) then repeats this row, not a change stored in full.
                trace.headOnly = notFound(code) && headNotFound.getOrDefault(host, 0) >= TRUST_AFTER;
                if (trace.headOnly || code < 400 || code == 429 || head.header("Retry-After") != null
                        || "challenge".equalsIgnoreCase(head.header("cf-mitigated"))) {
                    return head.newBuilder().body(ResponseBody.create(new byte[0], null)).build();
                }
                headCode = code;
            }
        }
        trace.lastMethod = "GET";
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Response get = chain.proceed(request.newBuilder().get().build());
        if (notFound(headCode)) {
            boolean same = get.code() == headCode;
            headNotFound.compute(host, (h, n) -> n != null && n == CONTRADICTED || !same ? CONTRADICTED
                    : n == null ? 1 : n + 1);
        }
        try (get) {
            ResponseBody body = get.body();
            byte[] bytes = new byte[0];
            if (get.isSuccessful() && bodyCap > 0) {
                bytes = readCapped(body.source(), deadline);
            }
            trace.body = bytes;
            return get.newBuilder().body(ResponseBody.create(bytes, body.contentType())).build();
        }
    }

    private static boolean notFound(int code) {
        return code == 404 || code == 410;
    }

    private byte[] readCapped(BufferedSource source, long deadline) throws IOException {
        Buffer buffer = new Buffer();
        while (buffer.size() < bodyCap) {
            long n = source.read(buffer, Math.min(8192, bodyCap - buffer.size()));
            if (n < 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("the body did not arrive within " + Durations.format(requestTimeout));
            }
        }
        return buffer.readByteArray();
    }
}
