package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.Redeliveries;
import com.sage200events.testkit.WebhookReceiver;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A repeat of a delivered notification (a re-poll, a reconciliation re-run, a Kafka redelivery after a crash) read while
 * the instance's events are off is dropped as a duplicate, not parked: its log entry stays {@code DELIVERED}, and a
 * redelivery after events are back on leaves nothing {@code RETRY} for ever. Found by a review of issue 12. Real broker,
 * Redis and receiver.
 */
class RepeatsWhileEventsOffIT {

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
    void aRepeatOfADeliveredNotificationReadWhileEventsAreOffKeepsItsDeliveredStatus() {
        EventNotification delivered = deliveredThenRepeatedWhileEventsAreOff(50);

        DeliveryRecord record = fixture.delivery(delivered.notificationId());
        assertThat(record.status()).as("a delivered notification is not parked by its repeat").isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(record.parkedReason()).isNull();
    }

    @Test
    void aRepeatParkedWhileEventsWereOffDoesNotStayRetryingAfterARedeliver() {
        EventNotification delivered = deliveredThenRepeatedWhileEventsAreOff(51);

        fixture.instances.setEventsEnabled(51, true);
        new Redeliveries(fixture.redis, fixture.env.keys()).redeliverAll(51, Clock.systemUTC().instant());
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.retryQueue.size() == 0);

        assertThat(fixture.delivery(delivered.notificationId()).status()).as("not left RETRY with nothing queued")
                .isNotEqualTo(DeliveryStatus.RETRY);
        // The first delivery and the 410 before; the 410's notification and the fresh one after: the repeat never.
        assertThat(receiver.requests("/rep")).as("and never sent twice").hasSize(4);
    }

    /**
     * Delivers a notification, has the next one answered 410 (events off, the dispatcher's cache refreshed), then
     * publishes the first again and a fresh one; returns the first.
     */
    private EventNotification deliveredThenRepeatedWhileEventsAreOff(long instanceId) {
        receiver.respondWith(200, 410);
        fixture.instance(instanceId, receiver.url("/rep"), c -> { });
        fixture.start(fixture.config(), Clock.systemUTC());
        EventNotification delivered = aNotification().forInstance(instanceId).build();
        fixture.publish(delivered);
        awaitStatus(delivered, DeliveryStatus.DELIVERED);
        EventNotification gone = aNotification().forInstance(instanceId).build();
        fixture.publish(gone);
        awaitStatus(gone, DeliveryStatus.QUEUED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.instances.find(instanceId).orElseThrow().settings().eventsEnabled());

        fixture.publish(delivered);
        // Same instance, so same partition and same outcome writer: once this one is parked, the repeat is decided too.
        EventNotification fresh = aNotification().forInstance(instanceId).build();
        fixture.publish(fresh);
        awaitStatus(fresh, DeliveryStatus.QUEUED);
        assertThat(receiver.requests("/rep")).hasSize(2);
        return delivered;
    }

    private void awaitStatus(EventNotification n, DeliveryStatus status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            DeliveryRecord record = fixture.delivery(n.notificationId());
            assertThat(record).isNotNull();
            assertThat(record.status()).isEqualTo(status);
        });
    }
}
