package org.newskeeper.check;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which resolved addresses a request may go to. URLs come from scraped pages: by default loopback,
 * private, link-local, multicast, unspecified and cloud metadata addresses are refused, so a hostile
 * file cannot turn the nightly job into a probe of the user's network. IPv6 addresses that carry an
 * IPv4 address (IPv4-compatible, IPv4-mapped, SIIT, NAT64, 6to4, Teredo) are judged by the IPv4
 * address they carry, and a host spelled as a number is read the way browsers read it
 * ({@link #literal(String)}: {@code 0177.0.0.1} is 127.0.0.1).
 */
public record AddressPolicy(boolean allowPrivate) {
    public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);
    public static final AddressPolicy ALLOW_PRIVATE = new AddressPolicy(true);

    /** Whether a connection to {@code address} is allowed. */
    public boolean permits(InetAddress address) {
        return allowPrivate || !isPrivate(address);
    }

    /**
     * Whether a URL host that is an address literal may be requested: refused when the literal, as
     * a browser reads it (WHATWG) or as Java reads it (where OkHttp and the capture connect), is an
     * address the policy refuses. A host that is not a literal is left to the resolver: true.
     */
    public boolean permitsLiteral(String host) {
        if (allowPrivate) {
            return true;
        }
        for (InetAddress a : readings(host)) {
            if (isPrivate(a)) {
                return false;
            }
        }
        return true;
    }

    /** Every address a literal host can be taken for: the browser's reading and Java's, when they differ. */
    static List<InetAddress> readings(String host) {
        List<InetAddress> all = new ArrayList<>(2);
        literal(host).ifPresent(all::add);
        // Java (so OkHttp and the capture) reads digits and dots as decimal parts: 0177.0.0.1 is 177.0.0.1
        parseIpv4(unbracketed(host), false).map(AddressPolicy::ipv4).filter(a -> !all.contains(a)).ifPresent(all::add);
        return all;
    }

    /**
     * The address a URL host denotes when it is an address literal, read as browsers read it (WHATWG
     * URL host parsing): {@code [::1]} and {@code ::1}, and an IPv4 host in any of the forms browsers
     * and curl accept, {@code 127.0.0.1}, {@code 0177.0.0.1} (octal), {@code 0x7f.1} (hex, short),
     * {@code 2130706433} (one number), {@code 127.1}. Empty for a name, and for a host that ends in a
     * number but is no valid address (which browsers refuse).
     */
    public static Optional<InetAddress> literal(String host) {
        String h = unbracketed(host);
        if (h.indexOf(':') >= 0) {
            try {
                return Optional.of(InetAddress.getByName("[" + h + "]")); // in brackets: a literal or an error, never a lookup
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return parseIpv4(h, true).map(AddressPolicy::ipv4);
    }

    private static String unbracketed(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The WHATWG IPv4 parser ({@code browser}), or Java's ({@code InetAddress} takes digits and dots
     * only, every part decimal): empty for a host that does not end in a number or is no valid IPv4
     * address.
     */
    static Optional<Long> parseIpv4(String host, boolean browser) {
        if (!browser && !host.matches("[0-9.]+")) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(List.of(host.toLowerCase(Locale.ROOT).split("\\.", -1)));
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        boolean endsInNumber = !last.isEmpty() && (last.chars().allMatch(c -> c >= '0' && c <= '9') || number(last).isPresent());
        if (!endsInNumber || parts.size() > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Optional<Long> n = browser ? number(parts.get(i)) : decimal(parts.get(i));
            if (n.isEmpty()) {
                return Optional.empty();
            }
            numbers[i] = n.get();
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
        }
        if (numbers[numbers.length - 1] >= 1L << (8 * (5 - numbers.length))) {
            return Optional.empty();
        }
        long address = numbers[numbers.length - 1];
        for (int i = 0; i < numbers.length - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return Optional.of(address);
    }

    /** A WHATWG IPv4 number: decimal, {@code 0x} hex, or octal with a leading zero; empty when none of those. */
    private static Optional<Long> number(String part) {
        if (part.isEmpty()) {
            return Optional.empty();
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return Optional.of(0L);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return Optional.empty();
            }
            value = value * radix + d;
            if (value > 0xffffffffL) {
                value = 1L << 32; // too large for any part; keeps the arithmetic from overflowing
            }
        }
        return Optional.of(value);
    }

    private static Optional<Long> decimal(String part) {
        if (part.isEmpty() || part.length() > 10) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(part));
    }

    private static InetAddress ipv4(long v) {
        return ipv4((byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v);
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /**
     * Loopback, site-local, unique-local, link-local, multicast, unspecified, CGNAT, metadata, and the
     * IPv6 addresses that carry one of those IPv4 addresses.
     */
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
            for (InetAddress v4 : embedded(b)) {
                if (isPrivate(v4)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The IPv4 addresses an IPv6 address carries, by the prefixes that carry one. */
    static List<InetAddress> embedded(byte[] b) {
        List<InetAddress> v4 = new ArrayList<>(4);
        if (zero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff))) {
            // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:a.b.c.d (IPv4-mapped)
            v4.add(ipv4(b[12], b[13], b[14], b[15]));
        } else if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            // ::ffff:0:a.b.c.d (SIIT, IPv4-translated, RFC 2765)
            v4.add(ipv4(b[12], b[13], b[14], b[15]));
        } else if (word(b, 0) == 0x64 && word(b, 2) == 0xff9b && zero(b, 4, 12)) {
            // 64:ff9b::/96 (NAT64 well-known prefix, RFC 6052)
            v4.add(ipv4(b[12], b[13], b[14], b[15]));
        } else if (word(b, 0) == 0x64 && word(b, 2) == 0xff9b && word(b, 4) == 1) {
            // 64:ff9b:1::/48 (NAT64 local use, RFC 8215): the network picks the prefix length, so
            // every RFC 6052 position at or after /48 is read (byte 8 is never part of the address)
            v4.add(ipv4(b[6], b[7], b[9], b[10])); // /48
            v4.add(ipv4(b[7], b[9], b[10], b[11])); // /56
            v4.add(ipv4(b[9], b[10], b[11], b[12])); // /64
            v4.add(ipv4(b[12], b[13], b[14], b[15])); // /96
        } else if (word(b, 0) == 0x2002) {
            // 2002:a.b.c.d::/48 (6to4, RFC 3056)
            v4.add(ipv4(b[2], b[3], b[4], b[5]));
        } else if (word(b, 0) == 0x2001 && word(b, 2) == 0) {
            // 2001::/32 (Teredo, RFC 4380): the server, and the client's address XOR-ed with 0xff
            v4.add(ipv4(b[4], b[5], b[6], b[7]));
            v4.add(ipv4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]));
        }
        return v4;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
