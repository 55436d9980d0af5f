package com.sage200events.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Slot times are a function of (instance, interval, now), so replicas claim the same slot keys. */
class SlotTimesTest {

    private static final Duration INTERVAL = Duration.ofMinutes(15);

    @Test
    void replicasStartingAtDifferentTimesAgreeOnTheSlots() {
        Instant now = Instant.parse("2026-11-28T07:00:03Z");
        Instant first = PollScheduler.nextSlot(42, INTERVAL, now);
        Instant later = PollScheduler.nextSlot(42, INTERVAL, now.plusSeconds(200));
        assertThat(first).isAfter(now).isBeforeOrEqualTo(now.plus(INTERVAL));
        assertThat(Duration.between(first, later).toMillis() % INTERVAL.toMillis()).isZero();
    }

    @Test
    void theNextSlotIsStrictlyInTheFutureEvenOnASlotBoundary() {
        Instant now = Instant.parse("2026-11-28T07:00:00Z");
        Instant slot = PollScheduler.nextSlot(7, INTERVAL, now);
        assertThat(PollScheduler.nextSlot(7, INTERVAL, slot)).isEqualTo(slot.plus(INTERVAL));
    }

    @Test
    void consecutiveInstancesAreSpreadOverTheInterval() {
        Instant now = Instant.parse("2026-11-28T07:00:00Z");
        Set<Long> minutes = new HashSet<>();
        for (long id = 1; id <= 100; id++) {
            minutes.add(Duration.between(now, PollScheduler.nextSlot(id, INTERVAL, now)).toMinutes());
        }
        assertThat(minutes).as("distinct minutes of the first slot").hasSizeGreaterThanOrEqualTo(12);
    }
}
