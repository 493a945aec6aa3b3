package org.newskeeper.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.newskeeper.linkstate.Redirect;

/**
 * What the interceptors learn about one call, carried as a tag of its request: the redirect chain,
 * the body read, the retries made, why retrying stopped.
 */
final class Trace {
    final long startNanos = System.nanoTime();
    final long deadlineNanos;
    final boolean wantBody;
    /** Whether the URL failed before: it is rechecked with a GET alone (see {@link HeadFallbackInterceptor}). */
    final boolean confirm;
    final List<Redirect> hops = new ArrayList<>();
    HttpUrl currentUrl;
    int retries;
    String lastMethod = "HEAD";
    byte[] body = new byte[0];
    Optional<String> note = Optional.empty();
    /** Whether the answer is a HEAD's "not found" taken at its word, no GET after it (see {@link HeadFallbackInterceptor}). */
    boolean headOnly;

    Trace(long budgetNanos, boolean wantBody, boolean confirm) {
        this.deadlineNanos = startNanos + budgetNanos;
        this.wantBody = wantBody;
        this.confirm = confirm;
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    static Trace of(Request request) {
        Trace t = request.tag(Trace.class);
        if (t == null) {
            throw new IllegalStateException("request without a trace: " + request.url());
        }
        return t;
    }
}
