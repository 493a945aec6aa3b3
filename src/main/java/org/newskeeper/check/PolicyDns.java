package org.newskeeper.check;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Dns;

/**
 * Resolves, then checks every address against the {@link AddressPolicy} before OkHttp connects to
 * exactly those addresses: no second lookup happens between the check and the connection, so a
 * name cannot be rebound in between. A name with any refused address is refused whole.
 */
final class PolicyDns implements Dns {
    private final Dns delegate;
    private final AddressPolicy policy;
    private final Set<String> trusted;

    /**
     * @param trusted names the operator gave (the proxy), resolved without the policy
     */
    PolicyDns(Dns delegate, AddressPolicy policy, Set<String> trusted) {
        this.delegate = delegate;
        this.policy = policy;
        this.trusted = trusted;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        if (policy.allowPrivate() || trusted.contains(hostname.toLowerCase(Locale.ROOT))) {
            return delegate.lookup(hostname);
        }
        // A number in a spelling OkHttp does not take for a literal (0x7f.1) reaches the resolver,
        // which may read it as C does: refused on the browser's reading before anything is asked.
        if (!policy.permitsLiteral(hostname)) {
            throw new PrivateAddressException(hostname + " is a private address"
                    + AddressGuardInterceptor.readAs(hostname) + " (--allow-private lifts this)");
        }
        List<InetAddress> addresses = delegate.lookup(hostname);
        for (InetAddress a : addresses) {
            if (!policy.permits(a)) {
                throw new PrivateAddressException(hostname + " resolves to " + a.getHostAddress()
                        + ", a private address (--allow-private lifts this)");
            }
        }
        return addresses;
    }
}
