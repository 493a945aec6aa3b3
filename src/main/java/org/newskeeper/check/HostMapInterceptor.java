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
        HttpUrl mapped = url.newBuilder()
                .scheme("http")
                .host(target.get().getHostString())
                .port(target.get().getPort())
                .build();
        return chain.proceed(request.newBuilder().url(mapped).header("Host", hostHeader).build());
    }
}
