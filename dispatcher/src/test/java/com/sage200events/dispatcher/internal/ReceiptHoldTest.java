package com.sage200events.dispatcher.internal;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.delivery.DeliveryAttempt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link OutcomeWriter#holdBack}: a receipt waits for its job's outcome so both make one log write, but never past
 * {@link OutcomeWriter#RECEIPT_HOLD}, never while stopping, and never after its outcome.
 */
class ReceiptHoldTest {

    private final Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
    private final DeliveryJob a = job();
    private final DeliveryJob b = job();

    @Test
    void aReceiptWaitsForItsOutcomeAndIsWrittenWithIt() {
        Map<Outcome, Long> held = new LinkedHashMap<>();
        Outcome receivedA = Outcome.received(a);
        Outcome receivedB = Outcome.received(b);
        Outcome deliveredA = delivered(a);
        List<Outcome> batch = new ArrayList<>(List.of(receivedA, receivedB, deliveredA));

        OutcomeWriter.holdBack(batch, held, false);

        assertThat(batch).containsExactly(receivedA, deliveredA);
        assertThat(held).containsOnlyKeys(receivedB);

        Outcome deliveredB = delivered(b);
        List<Outcome> next = new ArrayList<>(held.keySet());
        next.add(deliveredB);
        OutcomeWriter.holdBack(next, held, false);

        assertThat(next).as("the receipt goes ahead of its outcome").containsExactly(receivedB, deliveredB);
        assertThat(held).isEmpty();
    }

    @Test
    void aReceiptIsWrittenAloneOnceItHasWaitedLongEnoughOrWhenStopping() {
        Outcome receivedA = Outcome.received(a);
        Map<Outcome, Long> held = new LinkedHashMap<>();
        held.put(receivedA, System.nanoTime() - OutcomeWriter.RECEIPT_HOLD.toNanos() - 1);
        List<Outcome> batch = new ArrayList<>(held.keySet());

        OutcomeWriter.holdBack(batch, held, false);

        assertThat(batch).containsExactly(receivedA);
        assertThat(held).isEmpty();

        Outcome receivedB = Outcome.received(b);
        List<Outcome> stopping = new ArrayList<>(List.of(receivedB));
        OutcomeWriter.holdBack(stopping, held, true);
        assertThat(stopping).containsExactly(receivedB);
        assertThat(held).isEmpty();
    }

    private Outcome delivered(DeliveryJob job) {
        return Outcome.delivered(job, new DeliveryAttempt(1, t0, 200, 2, null));
    }

    private DeliveryJob job() {
        DeliveryJob job = new DeliveryJob(aNotification().forInstance(5).build(), 0, false);
        job.admittedAt = t0;
        return job;
    }
}
