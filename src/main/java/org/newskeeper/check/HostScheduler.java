package org.newskeeper.check;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out work so that no worker waits on a busy host while another host has work: a host is
 * "ready" while it has queued tasks and fewer than {@code perHost} in flight; workers take from the
 * ready hosts in turn. All tasks are added before the workers start.
 */
final class HostScheduler<T> {
    /** A task and the host it is for. */
    record Ticket<T>(String host, T task) {
    }

    private static final class HostQueue<T> {
        final String host;
        final ArrayDeque<T> tasks = new ArrayDeque<>();
        int active;
        boolean ready;

        HostQueue(String host) {
            this.host = host;
        }
    }

    private final int perHost;
    private final Map<String, HostQueue<T>> queues = new HashMap<>();
    private final ArrayDeque<HostQueue<T>> ready = new ArrayDeque<>();
    private int remaining;

    HostScheduler(int perHost) {
        this.perHost = perHost;
    }

    synchronized void add(String host, T task) {
        HostQueue<T> q = queues.computeIfAbsent(host, HostQueue::new);
        q.tasks.add(task);
        remaining++;
        markReady(q);
    }

    private void markReady(HostQueue<T> q) {
        if (!q.ready && !q.tasks.isEmpty() && q.active < perHost) {
            q.ready = true;
            ready.add(q);
        }
    }

    /** The next task, waiting while every host with work is busy; {@code null} when all were handed out. */
    synchronized Ticket<T> take() throws InterruptedException {
        while (true) {
            if (remaining == 0) {
                return null;
            }
            HostQueue<T> q = ready.poll();
            if (q != null) {
                q.ready = false;
                T task = q.tasks.poll();
                remaining--;
                q.active++;
                markReady(q);
                if (remaining == 0) {
                    notifyAll();
                }
                return new Ticket<>(q.host, task);
            }
            wait();
        }
    }

    /** A task of {@code host} is finished. */
    synchronized void done(String host) {
        HostQueue<T> q = queues.get(host);
        q.active--;
        markReady(q);
        notifyAll();
    }
}
