package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.model.EventNotification;
import com.sage200events.dispatcher.StallingReceiver.Stall;
import com.sage200events.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17, item 4: every delivery attempt has an end. A receiver that stalls anywhere in its answer (before
 * its headers, after them, mid-body, or dripping its body byte by byte) fails the attempt by the deadline,
 * and the retry follows on schedule. Real sockets, broker and Redis; the retry schedule runs on a test clock.
 */
class StalledReceiverIT {

    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** Scheduling and recording the outcome after the deadline fires: generous, so a loaded machine does not flake. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(t0);
    private DispatcherFixture fixture;

    @BeforeEach
    void start() {
        fixture = new DispatcherFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReceiverThatSendsHeadersThenStallsTheBodyFailsTheAttemptAtTheDeadlineAndTheRetryFollows() {
        // The input of issue 17: headers at once, then a body that never comes. Before the fix the attempt
        // stayed open until the receiver closed the socket, far past DELIVERY_TIMEOUT_SECONDS.
        try (StallingReceiver receiver = StallingReceiver.start(Stall.AFTER_HEADERS)) {
            EventNotification n = deliverTo(receiver, 60);
            DeliveryAttempt first = awaitFailedAttemptWithinTheDeadline(receiver, n);
            assertThat(first.error()).contains("deadline").contains("after HTTP 200 headers");

            clock.advance(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() == 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> fixture.delivery(n.notificationId()).status() == DeliveryStatus.DELIVERED);
            assertThat(fixture.delivery(n.notificationId()).attemptLog()).extracting(DeliveryAttempt::statusCode).containsExactly(0, 200);
        }
    }

    @ParameterizedTest
    @EnumSource(Stall.class)
    void aStallAnywhereInTheAnswerEndsTheAttemptWithinTheDeadline(Stall stall) {
        try (StallingReceiver receiver = StallingReceiver.start(stall)) {
            EventNotification n = deliverTo(receiver, 61);
            DeliveryAttempt first = awaitFailedAttemptWithinTheDeadline(receiver, n);
            assertThat(first.error()).containsAnyOf("deadline", "no response headers");
            assertThat(fixture.delivery(n.notificationId()).nextAttemptAt()).isEqualTo(t0.plusSeconds(10));
        }
    }

    private EventNotification deliverTo(StallingReceiver receiver, long instanceId) {
        fixture.instance(instanceId, receiver.url(), c -> { });
        // One consumer thread: a second one joining mid-attempt would rebalance, and the record read again would
        // start a second attempt that the stalling receiver answers at once, hiding the first one's outcome.
        fixture.start(fixture.config().withConcurrency(1).withTimeouts(Duration.ofSeconds(1), HEADERS_TIMEOUT, DEADLINE), clock);
        EventNotification n = aNotification().forInstance(instanceId).build();
        fixture.publish(n);
        return n;
    }

    /** The first attempt is logged as failed (status 0) and scheduled for retry no later than the deadline after it began. */
    private DeliveryAttempt awaitFailedAttemptWithinTheDeadline(StallingReceiver receiver, EventNotification n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.requests().isEmpty());
        Instant requested = receiver.requests().get(0);
        AtomicReference<DeliveryRecord> record = new AtomicReference<>();
        await().atMost(DEADLINE.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(() -> {
            record.set(fixture.delivery(n.notificationId()));
            return record.get() != null && record.get().status() == DeliveryStatus.RETRY;
        });
        Duration ended = Duration.between(requested, Instant.now());
        assertThat(ended).isLessThan(DEADLINE.plus(SLACK));
        assertThat(record.get().attemptLog()).hasSize(1);
        DeliveryAttempt first = record.get().attemptLog().get(0);
        assertThat(first.statusCode()).isZero();
        assertThat(first.latencyMs()).isLessThanOrEqualTo(DEADLINE.plus(SLACK).toMillis());
        return first;
    }
}
