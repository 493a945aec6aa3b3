package org.newskeeper.check;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which resolved addresses a request may go to. URLs come from scraped pages: by default loopback,
 * private, link-local, multicast, unspecified and cloud metadata addresses are refused, so a hostile
 * file cannot turn the nightly job into a probe of the user's network.
 */
public record AddressPolicy(boolean allowPrivate) {
    public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);
    public static final AddressPolicy ALLOW_PRIVATE = new AddressPolicy(true);

    /** Whether a connection to {@code address} is allowed. */
    public boolean permits(InetAddress address) {
        return allowPrivate || !isPrivate(address);
    }

    /** Loopback, site-local, unique-local, link-local, multicast, unspecified, CGNAT, metadata. */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || a.isMulticastAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            return o0 == 0 // "this network"
                    || (o0 == 100 && o1 >= 64 && o1 <= 127) // CGNAT 100.64/10
                    || (o0 == 169 && o1 == 254) // link-local incl. 169.254.169.254 metadata
                    || (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
                    || (o0 == 198 && (o1 == 18 || o1 == 19)) // benchmarking
                    || o0 >= 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            int o0 = b[0] & 0xff;
            if ((o0 & 0xfe) == 0xfc) { // fc00::/7 unique local (incl. fd00:ec2::254 metadata)
                return true;
            }
            boolean v4mapped = true;
            for (int i = 0; i < 10; i++) {
                v4mapped &= b[i] == 0;
            }
            if (v4mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
