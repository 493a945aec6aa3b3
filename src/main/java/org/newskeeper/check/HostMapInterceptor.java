package org.newskeeper.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The innermost step: a mapped host ({@link HostMap}, the demo's web double) is reached at its
 * mapped address over plain HTTP, with the original host in the {@code Host} header. Everything
 * above this interceptor (politeness, redirects, results) sees the original URL only.
 */
final class HostMapInterceptor implements Interceptor {
    /** Tags a request sent to a mapped address, which the operator chose (see {@link ConnectionGuardInterceptor}). */
    enum Mapped { INSTANCE }

    private final HostMap hostMap;

    HostMapInterceptor(HostMap hostMap) {
        this.hostMap = hostMap;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        Optional<InetSocketAddress> target = hostMap.target(url.host());
        if (target.isEmpty()) {
            return chain.proceed(request);
        }
        String hostHeader = url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
        InetSocketAddress to = target.get();
        // The address itself when known, so that no resolver is asked for the mapped target.
        String host = to.isUnresolved() ? to.getHostString() : to.getAddress().getHostAddress();
        HttpUrl mapped = url.newBuilder().scheme("http").host(host).port(to.getPort()).build();
        return chain.proceed(request.newBuilder().url(mapped).header("Host", hostHeader)
                .tag(Mapped.class, Mapped.INSTANCE).build());
    }
}
