package org.newskeeper.check;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out work so that no worker waits on a busy host while another host has work: a host is
 * "ready" while it has queued tasks and fewer than {@code perHost} in flight; workers take from the
 * ready hosts in turn. Tasks may be added while the workers run (a run requests new URLs while it
 * still reads the articles); {@link #take()} returns {@code null} once every task was handed out
 * and {@link #close()} said no more will come.
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
    private boolean closed;

    HostScheduler(int perHost) {
        this.perHost = perHost;
    }

    synchronized void add(String host, T task) {
        HostQueue<T> q = queues.computeIfAbsent(host, HostQueue::new);
        q.tasks.add(task);
        remaining++;
        if (markReady(q)) {
            notify();
        }
    }

    /** No task will be added any more: workers stop once the last is handed out. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Puts {@code q} in line when it has tasks and room; whether it just came in line. Each host
     * coming in line wakes one waiting worker, and a worker that takes a task wakes the next while
     * hosts are still in line: waking them all at every change (a hundred workers waiting while the
     * articles are read) cost a context switch each, for one task.
     */
    private boolean markReady(HostQueue<T> q) {
        if (!q.ready && !q.tasks.isEmpty() && q.active < perHost) {
            q.ready = true;
            ready.add(q);
            return true;
        }
        return false;
    }

    /**
     * The next task, waiting while every host with work is busy or (before {@link #close()}) while
     * there is none; {@code null} when all were handed out and no more will come.
     */
    synchronized Ticket<T> take() throws InterruptedException {
        while (true) {
            if (remaining == 0 && closed) {
                return null;
            }
            HostQueue<T> q = ready.poll();
            if (q != null) {
                q.ready = false;
                T task = q.tasks.poll();
                remaining--;
                q.active++;
                markReady(q);
                if (remaining == 0 && closed) {
                    notifyAll(); // the others end
                } else if (!ready.isEmpty()) {
                    notify(); // more to take: the next waiting worker
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
        if (markReady(q)) {
            notify();
        }
    }
}
