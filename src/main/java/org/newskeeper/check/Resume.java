package org.newskeeper.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a link check run takes up the link run before it that never finished (it was killed), so
 * that the rerun completes that run instead of starting another: the URLs the killed attempt had
 * already observed keep those observations as this run's (not requested again, not counted
 * twice), the others are checked, and the run is finished under its first id.
 *
 * <p>Only the latest link run of the history is ever taken up, only when it is unfinished, and
 * only when every URL it had looked at is cited again by the new run (a run over other files
 * starts afresh). On top of that:
 * <ul>
 * <li>{@link #within(Duration)}: the unfinished run started no longer than this before now
 *     ({@code newskeeper links}: 12 hours, so a rerun the same morning resumes and the next
 *     night never takes up an abandoned run: its failures are observed again for real);</li>
 * <li>{@link #since(Instant)}: the unfinished run started at or after this instant (the nightly
 *     job passes the start of the nightly run it is resuming: the link run of that night);</li>
 * <li>{@link #NEVER}: always a new run ({@code --no-resume}).</li>
 * </ul>
 *
 * @param window how long after its start an unfinished run may be taken up ({@code ZERO}: unless
 *               {@code since} says otherwise, never)
 * @param since  when present, an unfinished run is taken up when it started at or after this
 *               instant, however long ago
 */
public record Resume(Duration window, Optional<Instant> since) {
    /** Never take up an unfinished run: every run is new. */
    public static final Resume NEVER = new Resume(Duration.ZERO, Optional.empty());

    /** The default of {@code newskeeper links}: an unfinished run started less than 12 hours ago. */
    public static final Resume DEFAULT = within(Duration.ofHours(12));

    public Resume {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(since, "since");
        if (window.isNegative()) {
            throw new IllegalArgumentException("the resume window must not be negative");
        }
    }

    /** Takes up the latest run when it is unfinished and started less than {@code window} ago ({@code ZERO}: never). */
    public static Resume within(Duration window) {
        return new Resume(window, Optional.empty());
    }

    /** Takes up the latest run when it is unfinished and started at or after {@code start}. */
    public static Resume since(Instant start) {
        return new Resume(Duration.ZERO, Optional.of(start));
    }

    /** Whether an unfinished run started at {@code started} may be taken up at {@code now}. */
    public boolean accepts(Instant started, Instant now) {
        if (since.isPresent()) {
            return !started.isBefore(since.get());
        }
        return !window.isZero() && !started.isAfter(now) && Duration.between(started, now).compareTo(window) < 0;
    }
}
