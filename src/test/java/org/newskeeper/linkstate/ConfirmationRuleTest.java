package org.newskeeper.linkstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfirmationRuleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T02:00:00Z");
    private static final Duration NIGHT = Duration.ofDays(1);
    private static final ConfirmationPolicy THREE_OVER_TWO_DAYS = new ConfirmationPolicy(3, Duration.ofHours(48));

    private static LinkObservation seen(LinkStatus status, int night) {
        return new LinkObservation("https://a.example/", T0.plus(NIGHT.multipliedBy(night)), status, Optional.empty(),
                Optional.empty(), List.of(), Optional.empty());
    }

    private static Standing after(LinkObservation... observations) {
        Optional<Standing> s = Optional.empty();
        for (LinkObservation o : observations) {
            s = Optional.of(ConfirmationRule.next(s, o, THREE_OVER_TWO_DAYS));
        }
        return s.orElseThrow();
    }

    @Test
    void aFirstObservationStartsTheUrlsStanding() {
        Standing s = after(seen(LinkStatus.OK, 0));
        assertThat(s.firstSeen()).isEqualTo(T0);
        assertThat(s.lastOk()).contains(T0);
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(s.confirmed()).isFalse();
    }

    @Test
    void threeFailuresOverTwoNightsAreConfirmed() {
        Standing s = after(seen(LinkStatus.BROKEN, 0), seen(LinkStatus.TIMEOUT, 1), seen(LinkStatus.BROKEN, 2));
        assertThat(s.consecutiveFailures()).isEqualTo(3);
        assertThat(s.failingSince()).contains(T0);
        assertThat(s.confirmed()).isTrue();
    }

    @Test
    void enoughFailuresInTooShortASpanAreNotConfirmed() {
        Optional<Standing> s = Optional.empty();
        for (int i = 0; i < 5; i++) {
            s = Optional.of(ConfirmationRule.next(s, new LinkObservation("https://a.example/", T0.plusSeconds(i * 60),
                    LinkStatus.SERVER_ERROR, Optional.empty(), Optional.empty(), List.of(), Optional.empty()),
                    THREE_OVER_TWO_DAYS));
        }
        assertThat(s.orElseThrow().consecutiveFailures()).isEqualTo(5);
        assertThat(s.orElseThrow().confirmed()).isFalse();
    }

    @Test
    void anAliveObservationResetsTheStreakAndTheConfirmation() {
        Standing s = after(seen(LinkStatus.BROKEN, 0), seen(LinkStatus.BROKEN, 1), seen(LinkStatus.BROKEN, 2),
                seen(LinkStatus.REDIRECTED, 3));
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(s.failingSince()).isEmpty();
        assertThat(s.lastOk()).contains(T0.plus(NIGHT.multipliedBy(3)));
        assertThat(s.confirmed()).isFalse();
        assertThat(s.firstSeen()).isEqualTo(T0);
    }

    @Test
    void inconclusiveAndNotCheckedObservationsNeitherCountNorResetNorUnconfirm() {
        Standing confirmed = after(seen(LinkStatus.BROKEN, 0), seen(LinkStatus.BROKEN, 1), seen(LinkStatus.BROKEN, 2));
        Standing blocked = ConfirmationRule.next(Optional.of(confirmed), seen(LinkStatus.BLOCKED, 3), THREE_OVER_TWO_DAYS);
        Standing excluded = ConfirmationRule.next(Optional.of(blocked), seen(LinkStatus.EXCLUDED, 4), THREE_OVER_TWO_DAYS);
        assertThat(excluded.consecutiveFailures()).isEqualTo(3);
        assertThat(excluded.failingSince()).contains(T0);
        assertThat(excluded.confirmed()).isTrue();

        Standing suspect = after(seen(LinkStatus.BROKEN, 0), seen(LinkStatus.BLOCKED, 1), seen(LinkStatus.BLOCKED, 2));
        assertThat(suspect.consecutiveFailures()).isEqualTo(1);
        assertThat(suspect.confirmed()).isFalse();
    }

    @Test
    void aFailureAfterAnAliveSpellStartsANewStreak() {
        Standing s = after(seen(LinkStatus.BROKEN, 0), seen(LinkStatus.OK, 1), seen(LinkStatus.BROKEN, 2),
                seen(LinkStatus.BROKEN, 3));
        assertThat(s.failingSince()).contains(T0.plus(NIGHT.multipliedBy(2)));
        assertThat(s.consecutiveFailures()).isEqualTo(2);
        assertThat(s.lastOk()).contains(T0.plus(NIGHT));
    }

    @Test
    void confirmationReadsAsItsReportId() {
        assertThat(Confirmation.of(true)).isEqualTo(Confirmation.CONFIRMED);
        assertThat(Confirmation.of(false).id()).isEqualTo("suspect");
        assertThat(Confirmation.CONFIRMED.id()).isEqualTo("confirmed");
    }

    @Test
    void anUncountedObservationNeitherCountsNorResets() {
        Standing before = after(seen(LinkStatus.OK, 0), seen(LinkStatus.BROKEN, 1), seen(LinkStatus.BROKEN, 2));
        Standing offline = ConfirmationRule.uncounted(Optional.of(before), seen(LinkStatus.UNREACHABLE, 3));
        assertThat(offline).isEqualTo(before);
        Standing confirmed = after(seen(LinkStatus.BROKEN, 0), seen(LinkStatus.BROKEN, 1), seen(LinkStatus.BROKEN, 2));
        assertThat(ConfirmationRule.uncounted(Optional.of(confirmed), seen(LinkStatus.UNREACHABLE, 3)).confirmed())
                .as("a confirmation stays").isTrue();
        Standing fresh = ConfirmationRule.uncounted(Optional.empty(), seen(LinkStatus.UNREACHABLE, 3));
        assertThat(fresh.firstSeen()).isEqualTo(T0.plus(NIGHT.multipliedBy(3)));
        assertThat(fresh.consecutiveFailures()).isZero();
        assertThat(fresh.confirmed()).isFalse();
    }
}
