package org.newskeeper.linkstate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The confirmation rule, a pure function: a failure is confirmed after
 * {@link ConfirmationPolicy#confirmAfter()} consecutive failed observations spanning at least
 * {@link ConfirmationPolicy#confirmSpan()}; an alive observation resets the streak; inconclusive
 * ({@code blocked}) and not-checked statuses neither count nor reset, and keep the confirmation as it was.
 */
public final class ConfirmationRule {
    private ConfirmationRule() {
    }

    /**
     * The standing of a URL after an observation that does not count: a connection-level failure of
     * a night the network was down. It neither counts towards confirmation nor resets anything: the
     * standing stays as it was (a URL never observed before is first seen now, with no failure).
     */
    public static Standing uncounted(Optional<Standing> state, LinkObservation observation) {
        return state.orElseGet(() -> new Standing(observation.observedAt(), Optional.empty(), 0, Optional.empty(), false));
    }

    /** The standing of a URL after {@code observation}, from its standing before (empty for a URL never observed). */
    public static Standing next(Optional<Standing> state, LinkObservation observation, ConfirmationPolicy policy) {
        LinkStatus status = observation.status();
        Instant now = observation.observedAt();
        Instant firstSeen = state.map(Standing::firstSeen).orElse(now);
        Optional<Instant> lastOk = status.isAlive() ? Optional.of(now) : state.flatMap(Standing::lastOk);
        int failures = state.map(Standing::consecutiveFailures).orElse(0);
        Optional<Instant> since = state.flatMap(Standing::failingSince);
        if (status.isFailure()) {
            since = failures == 0 || since.isEmpty() ? Optional.of(now) : since;
            failures++;
        } else if (status.isAlive()) {
            failures = 0;
            since = Optional.empty();
        }
        boolean confirmed;
        if (status.isFailure()) {
            confirmed = failures >= policy.confirmAfter()
                    && Duration.between(since.orElse(now), now).compareTo(policy.confirmSpan()) >= 0;
        } else if (status.isAlive()) {
            confirmed = false;
        } else {
            confirmed = state.map(Standing::confirmed).orElse(false);
        }
        return new Standing(firstSeen, lastOk, failures, since, confirmed);
    }
}
