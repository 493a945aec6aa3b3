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
        List<InetAddress> addresses = delegate.lookup(hostname);
        if (policy.allowPrivate() || trusted.contains(hostname.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        for (InetAddress a : addresses) {
            if (!policy.permits(a)) {
                throw new PrivateAddressException(hostname + " resolves to " + a.getHostAddress()
                        + ", a private address (--allow-private lifts this)");
            }
        }
        return addresses;
    }
}
