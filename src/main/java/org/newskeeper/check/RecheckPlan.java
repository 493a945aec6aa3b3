package org.newskeeper.check;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.newskeeper.history.LinkState;

/**
 * When a URL seen alive is requested again, so that a corpus checked in one night never comes due
 * all on one later night.
 *
 * <p>Each URL has a stable phase within the {@code --max-age} window (a hash of its normalised
 * URL). Its next check is the first instant with that phase that is at least half the max age
 * after its last success: between {@code maxAge / 2} and {@code 3 * maxAge / 2} after it, on average
 * {@code maxAge}. A URL rechecked at its slot gets its next slot exactly one max age later, so in the
 * steady state every URL is rechecked once per max age (its verdict is never older than that plus a
 * night) and each night takes the URLs whose phase falls in it: an even share. Only the first
 * recheck after a URL is found alive (a new URL, or a failure that came back) may come up to half a
 * max age later than max age.
 *
 * <p>With a max age of zero every URL is always due.
 *
 * <p>{@link #select} orders what is due for a {@link Budget}: URLs never observed first, then those
 * whose latest verdict is not alive (failures, {@code blocked}; least recently checked first), then
 * the alive URLs that are due, the longest overdue first; so what a budget defers one night is
 * taken first the next.
 */
public final class RecheckPlan {
    private RecheckPlan() {
    }

    /** When {@code key} (a normalised URL) last seen alive at {@code lastOk} is due again. */
    public static Instant due(String key, Instant lastOk, Duration maxAge) {
        long window = maxAge.toMillis();
        if (window <= 0) {
            return lastOk;
        }
        long earliest = lastOk.toEpochMilli() + window / 2;
        long phase = Math.floorMod(hash(key), window);
        return Instant.ofEpochMilli(earliest + Math.floorMod(phase - earliest, window));
    }

    /** Whether {@code key}, last seen alive at {@code lastOk}, is due at {@code now}. */
    public static boolean isDue(String key, Instant lastOk, Duration maxAge, Instant now) {
        return !now.isBefore(due(key, lastOk, maxAge));
    }

    /**
     * Whether the URL {@code key} in {@code state} is not due at {@code now}: alive, and the slot
     * after its last success not reached. Its verdict is reused tonight.
     */
    public static boolean isFresh(String key, LinkState state, Duration maxAge, Instant now) {
        return state.alive() && state.lastOk().isPresent() && isFresh(key, state.lastOk().get(), maxAge, now);
    }

    /** Whether {@code key}, alive at its latest check and last seen alive at {@code lastOk}, is not due at {@code now}. */
    public static boolean isFresh(String key, Instant lastOk, Duration maxAge, Instant now) {
        return now.isBefore(due(key, lastOk, maxAge));
    }

    /** FNV-1a over the URL's UTF-8 bytes, then mixed: the same on every machine and every run. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /**
     * What one run does with the URLs it may request.
     *
     * @param toRequest   the URLs to request tonight, in priority order (the budget's cut applied)
     * @param fromHistory alive URLs not yet due: their verdict is reused
     * @param deferred    due URLs the request budget left for later nights, in priority order
     */
    public record Selection<T>(List<T> toRequest, List<T> fromHistory, List<T> deferred) {
        public Selection {
            toRequest = List.copyOf(toRequest);
            fromHistory = List.copyOf(fromHistory);
            deferred = List.copyOf(deferred);
        }
    }

    /**
     * Sorts {@code urls} (each with its normalised URL by {@code key}) into those to request tonight
     * in priority order, those whose alive verdict is reused, and those the budget's request cap
     * defers. A time budget is applied while requesting, in the same order.
     */
    public static <T> Selection<T> select(List<T> urls, Function<T, String> key, Map<String, LinkState> states,
            Duration maxAge, Budget budget, Instant now) {
        record Due<T>(T url, String key, Instant at) {
        }
        List<T> fresh = new ArrayList<>();
        List<T> unseen = new ArrayList<>();
        List<Due<T>> failing = new ArrayList<>();
        List<Due<T>> alive = new ArrayList<>();
        for (T u : urls) {
            String k = key.apply(u);
            LinkState s = states.get(k);
            if (s == null) {
                unseen.add(u);
            } else if (isFresh(k, s, maxAge, now)) {
                fresh.add(u);
            } else if (s.alive() && s.lastOk().isPresent()) {
                alive.add(new Due<>(u, k, due(k, s.lastOk().get(), maxAge)));
            } else {
                failing.add(new Due<>(u, k, s.latest().observedAt()));
            }
        }
        Comparator<Due<T>> order = Comparator.comparing((Due<T> d) -> d.at()).thenComparing(Due::key);
        failing.sort(order);
        alive.sort(order);
        List<T> due = new ArrayList<>(unseen);
        failing.forEach(d -> due.add(d.url()));
        alive.forEach(d -> due.add(d.url()));
        int cap = budget.requests().orElse(Integer.MAX_VALUE);
        if (due.size() <= cap) {
            return new Selection<>(due, fresh, List.of());
        }
        return new Selection<>(due.subList(0, cap), fresh, due.subList(cap, due.size()));
    }
}
