package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.testkit.WebhookReceiver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's soak found dispatchers dying of OutOfMemoryError while slow and dead endpoints held thousands of
 * notifications each. The dispatcher now holds at most {@code maxHeldBytes} of notifications (plus one record):
 * with an endpoint that never answers and far more published than the budget, what it holds stays
 * bounded, and once the endpoint answers again everything is delivered.
 */
class HeldBytesIT {

    private static final long BUDGET = 64 * 1024;
    private static final int NOTIFICATIONS = 1_000;

    private DispatcherFixture fixture;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        fixture = new DispatcherFixture();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
        receiver.close();
    }

    @Test
    void aHangingEndpointCannotMakeTheDispatcherHoldMoreThanItsBudget() {
        receiver.hangFor(Duration.ofSeconds(8));
        fixture.instance(40, receiver.url("/hang"), c -> { });
        int size = Json.toBytes(aNotification().forInstance(40).withEvents(10).build()).length;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < NOTIFICATIONS; i++) {
            EventNotification n = aNotification().forInstance(40).withEvents(10).build();
            ids.add(n.notificationId());
            fixture.publish(n);
        }
        // Each thread that takes notifications in (two consumer loops and the retry pump) stops at the first that finds
        // the budget full: one record each over it at most.
        long bound = BUDGET + 3L * size;
        assertThat((long) NOTIFICATIONS * size).as("published, against what may be held").isGreaterThan(5 * bound);
        // Retries every 2 s, so what failed while the endpoint hung is delivered soon after it answers again.
        fixture.start(fixture.config().toBuilder().maxHeldBytes(BUDGET).maxPending(5_000)
                .retry(new RetryPolicy(Collections.nCopies(20, Duration.ofSeconds(2)), 0, Duration.ofMinutes(1))).build(), Clock.systemUTC());

        // Sampled every 10 ms from the start, while the endpoint hangs: never above the bound.
        await().pollInterval(Duration.ofMillis(10)).during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                .until(() -> held() <= bound);
        assertThat(receiver.requests("/hang")).as("it did take some in and try them").isNotEmpty();

        receiver.hangFor(Duration.ZERO);
        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream()
                .allMatch(id -> fixture.delivery(id) != null && fixture.delivery(id).status() == DeliveryStatus.DELIVERED));
    }

    private double held() {
        return fixture.registry.get("dispatcher_held_bytes").gauge().value();
    }
}
