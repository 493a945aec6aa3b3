package org.newskeeper.nightly;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The items of {@code source}, in its order, made on a thread of their own at most a few batches
 * ahead of the reader: the links stage's stored articles are looked up and parsed there while the
 * stage groups their URLs, each on a core. Items are handed over in batches, so the two threads
 * meet once a batch, not once an item. What the source throws is thrown to the reader, at the
 * item where it happened; {@link #close} stops the source at its next item.
 */
final class ReadAhead<T> implements Iterator<T>, AutoCloseable {
    private static final int BATCH = 64;

    private record Failure(Throwable error) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private volatile boolean closed;
    private Iterator<T> batch = java.util.Collections.emptyIterator();
    private boolean ended;

    ReadAhead(Iterator<T> source, int batches, String name) {
        queue = new ArrayBlockingQueue<>(batches);
        Thread t = new Thread(() -> produce(source), name);
        t.setDaemon(true);
        t.start();
    }

    private void produce(Iterator<T> source) {
        List<T> items = new ArrayList<>(BATCH);
        try {
            while (!closed && source.hasNext()) {
                items.add(source.next());
                if (items.size() == BATCH) {
                    put(items);
                    items = new ArrayList<>(BATCH);
                }
            }
            if (!items.isEmpty()) {
                put(items);
            }
            put(END);
        } catch (RuntimeException | Error e) {
            if (!items.isEmpty()) {
                put(items); // the items before the failure first
            }
            put(new Failure(e));
        }
    }

    private void put(Object o) {
        try {
            while (!closed && !queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
                // the reader is behind: wait for room, or for close
            }
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
        while (!batch.hasNext()) {
            if (ended) {
                return false;
            }
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while reading ahead", e);
            }
            if (o == END) {
                ended = true;
            } else if (o instanceof Failure f) {
                ended = true;
                close();
                if (f.error() instanceof Error err) {
                    throw err;
                }
                throw (RuntimeException) f.error();
            } else {
                batch = ((List<T>) o).iterator();
            }
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.next();
    }

    @Override
    public void close() {
        closed = true;
    }
}
