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
 */
final class HeadFallbackInterceptor implements Interceptor {
    private final long bodyCap;
    private final Duration requestTimeout;
    private final Set<String> headRefused = ConcurrentHashMap.newKeySet();

    HeadFallbackInterceptor(long bodyCap, Duration requestTimeout) {
        this.bodyCap = bodyCap;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Trace trace = Trace.of(request);
        String host = request.url().host();
        if (!trace.wantBody && !headRefused.contains(host)) {
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
                if (code < 400 || code == 429 || head.header("Retry-After") != null
                        || "challenge".equalsIgnoreCase(head.header("cf-mitigated"))) {
                    return head.newBuilder().body(ResponseBody.create(new byte[0], null)).build();
                }
            }
        }
        trace.lastMethod = "GET";
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Response get = chain.proceed(request.newBuilder().get().build());
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
