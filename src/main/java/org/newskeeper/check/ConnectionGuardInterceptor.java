package org.newskeeper.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.newskeeper.linkstate.LinkStatus;

/**
 * The last line of the address policy, as a network interceptor: whatever way a connection was
 * made, the request is not sent when its peer is an address the policy refuses. The resolver and
 * the literal check refuse earlier; this catches what they might miss (no HTTP request leaves).
 * Connections to the proxy and to the host map's targets are the operator's own choice.
 */
final class ConnectionGuardInterceptor implements Interceptor {
    private final AddressPolicy policy;
    private final boolean proxied;

    ConnectionGuardInterceptor(AddressPolicy policy, boolean proxied) {
        this.policy = policy;
        this.proxied = proxied;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection c = chain.connection();
        boolean mapped = chain.request().tag(HostMapInterceptor.Mapped.class) != null;
        if (!policy.allowPrivate() && !proxied && !mapped && c != null) {
            InetSocketAddress peer = c.route().socketAddress();
            if (peer.getAddress() != null && !policy.permits(peer.getAddress())) {
                throw new CheckException(LinkStatus.PRIVATE_ADDRESS, chain.request().url().host() + " connected to "
                        + peer.getAddress().getHostAddress() + ", a private address (--allow-private lifts this)");
            }
        }
        return chain.proceed(chain.request());
    }
}
