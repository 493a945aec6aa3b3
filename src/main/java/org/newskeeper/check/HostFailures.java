package org.newskeeper.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connection-level failures of each host in one run (thread-safe). After {@code limit}
 * connection-level failures in a row to one host, the host is down for the rest of the run: its
 * remaining URLs get the host's verdict without a request. A new request to a host that has failed
 * waits while the failures in a row plus the requests in flight already reach the limit (and, until
 * the host first answers, while the requests in flight alone do), so a host
 * that refuses every connection costs at most {@code limit} connection attempts, whatever the
 * requests allowed in flight per host.
 */
final class HostFailures {
    private static final class Host {
        int inFlight;
        int inARow;
        int attempts;
        int notRequested;
        boolean answered;
        CheckResult verdict;
    }

    private final int limit;
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    HostFailures(int limit) {
        this.limit = limit;
    }

    /**
     * Before a request to {@code host}: empty when it may be sent (it is then in flight until
     * {@link #finished}), else the host's verdict, which the URL takes without a request.
     */
    synchronized Optional<CheckResult> admit(String host) throws InterruptedException {
        Host h = hosts.computeIfAbsent(host, k -> new Host());
        while (true) {
            if (h.inARow >= limit) {
                h.notRequested++;
                return Optional.of(h.verdict);
            }
            if (h.inARow + h.inFlight < limit || (h.inARow == 0 && h.answered)) {
                h.inFlight++;
                h.attempts++;
                return Optional.empty();
            }
            wait(); // the requests in flight decide whether the host is down
        }
    }

    /** A request admitted for {@code host} ended with {@code result}. */
    synchronized void finished(String host, CheckResult result) {
        Host h = hosts.get(host);
        h.inFlight--;
        if (result.connectionFailure()) {
            h.inARow++;
            h.verdict = result;
        } else if (h.inARow < limit) {
            h.inARow = 0;
            h.answered = true;
        }
        notifyAll();
    }

    /** How many distinct hosts were requested. */
    synchronized int requested() {
        return (int) hosts.values().stream().filter(h -> h.attempts > 0).count();
    }

    /** How many hosts the run's latest request to ended in a connection-level failure. */
    synchronized int unreachable() {
        return (int) hosts.values().stream().filter(h -> h.attempts > 0 && h.inARow > 0).count();
    }

    /** The hosts found down (their remaining URLs were not requested), in the order first requested. */
    synchronized List<HostEvent> down() {
        List<HostEvent> list = new ArrayList<>();
        for (Map.Entry<String, Host> e : hosts.entrySet()) {
            Host h = e.getValue();
            if (h.inARow >= limit) {
                list.add(new HostEvent(e.getKey(), h.verdict.status(), h.verdict.error().orElse(""), h.attempts,
                        h.notRequested));
            }
        }
        return list;
    }
}
