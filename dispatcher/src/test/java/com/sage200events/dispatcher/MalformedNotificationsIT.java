package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications the dispatcher reads but cannot take the usual way (a lone surrogate in a string, an event without its
 * objectId) must not hold up the ones after them, nor be parked twice: found by a review of issue 12, when one such
 * record made admission or an outcome writer retry its whole batch for ever. Real broker, Redis and receiver.
 */
class MalformedNotificationsIT {

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
    void aNotificationWhoseBodyCannotBeWrittenDoesNotStopTheOnesAfterIt() {
        fixture.instance(70, receiver.url("/after"), c -> { });
        fixture.start(fixture.config(), Clock.systemUTC());
        String odd = Json.toString(aNotification().forInstance(70).build())
                .replaceFirst("\"objectType\":\"customers\"", "\"objectType\":\"customers\\\\udc00\"");
        fixture.publishRaw("70", odd.getBytes(StandardCharsets.UTF_8));
        EventNotification next = aNotification().forInstance(70).build();
        fixture.publish(next);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            DeliveryRecord record = fixture.delivery(next.notificationId());
            assertThat(record).isNotNull();
            assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
        });
        assertThat(receiver.requests("/after")).extracting(r -> r.header("webhook-id")).containsOnlyOnce(next.notificationId());
    }

    @Test
    void anEventWithoutAnObjectIdDoesNotStopTheOutcomeWriterOfItsInstances() {
        // Not a regression of today (the summary's Map.of threw the same NPE before it was written by hand): the log's
        // event summary throws on a null field inside OutcomeWriter.write, whose batch is then retried for ever, so no
        // outcome of any instance on that writer is recorded and no offset of theirs is committed again.
        fixture.instance(80, receiver.url("/writer"), c -> { });
        fixture.start(fixture.config(), Clock.systemUTC());
        String odd = Json.toString(aNotification().forInstance(80).build()).replaceFirst(",\"objectId\":\"[0-9]+\"", "");
        fixture.publishRaw("80", odd.getBytes(StandardCharsets.UTF_8));
        EventNotification next = aNotification().forInstance(80).build();
        fixture.publish(next);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            DeliveryRecord record = fixture.delivery(next.notificationId());
            assertThat(record).isNotNull();
            assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
        });
    }

    @Test
    void aRetriedAdmissionDoesNotParkTheSameNotificationAgain() {
        // DeliveryLoop.admitUntilDone retries engine.admit(jobs) whole, but admit is not idempotent: a job parked in its
        // first loop (events off, configuration unreadable) is parked again, to the DLQ too, on every retry. Any throw
        // after that loop does it: here the body above; equally a Redis error in the per-batch instance read (16784b7),
        // which now runs inside that loop after earlier jobs were parked.
        fixture.instance(90, receiver.url("/off"), c -> c.put("event.notification.enabled", false));
        fixture.instance(70, receiver.url("/after"), c -> { });
        EventNotification parked = aNotification().forInstance(90).build();
        fixture.publish(parked);
        String odd = Json.toString(aNotification().forInstance(70).build())
                .replaceFirst("\"objectType\":\"customers\"", "\"objectType\":\"customers\\\\udc00\"");
        fixture.publishRaw("70", odd.getBytes(StandardCharsets.UTF_8));
        fixture.start(fixture.config(), Clock.systemUTC());

        EventNotification after = aNotification().forInstance(70).build();
        fixture.publish(after);

        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.delivery(parked.notificationId()) != null
                && fixture.delivery(parked.notificationId()).status() == DeliveryStatus.QUEUED);
        // A batch retried whole would park it again each time, and hold the next notification behind it.
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.delivery(after.notificationId()) != null
                && fixture.delivery(after.notificationId()).status() == DeliveryStatus.DELIVERED);
        assertThat(fixture.dlq()).filteredOn(r -> r.key() != null && r.key().equals("90")).hasSize(1);
    }
}
