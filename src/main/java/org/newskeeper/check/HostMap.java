package org.newskeeper.check;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hosts whose requests go to another address over plain HTTP, as the demo's web double needs:
 * {@code www.rfi.fr -> 127.0.0.1:PORT}. The URL, the Host header and every result keep the original
 * host; only the connection changes. Empty in normal runs.
 */
public record HostMap(Map<String, InetSocketAddress> hosts) {
    public static final HostMap NONE = new HostMap(Map.of());

    public HostMap {
        hosts = Map.copyOf(hosts);
    }

    /** A map that sends every host in {@code names} to {@code target}. */
    public static HostMap all(Iterable<String> names, InetSocketAddress target) {
        Map<String, InetSocketAddress> m = new java.util.HashMap<>();
        for (String n : names) {
            m.put(n.toLowerCase(Locale.ROOT), target);
        }
        return new HostMap(m);
    }

    /** Where a connection for {@code host} should go instead, if anywhere. */
    public Optional<InetSocketAddress> target(String host) {
        return Optional.ofNullable(hosts.get(host.toLowerCase(Locale.ROOT)));
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }
}
