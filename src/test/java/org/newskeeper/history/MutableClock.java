package org.newskeeper.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, to simulate nights. A {@link #ticking} one also moves a
 * millisecond on every read, so that the instants a run records are distinct and ordered.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private final long tickMillis;

    public MutableClock(Instant start) {
        this(start, 0);
    }

    private MutableClock(Instant start, long tickMillis) {
        this.now = start;
        this.tickMillis = tickMillis;
    }

    public static MutableClock ticking(Instant start) {
        return new MutableClock(start, 1);
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plusMillis(tickMillis);
        return now;
    }
}
