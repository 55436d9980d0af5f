package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.Redeliveries;
import com.sage200events.testkit.MutableClock;
import com.sage200events.testkit.ReceivedRequest;
import com.sage200events.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries on schedule through the Redis delay queue, parking after the last one, and replay. Time is a test clock. */
class RetryAndParkingIT {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(t0);
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
    void receiverFailingTwiceGetsTheEventExactlyOnceMoreAfterEachScheduledRetry() {
        receiver.respondWith(500, 503);
        fixture.instance(1, receiver.url("/hook"), c -> { });
        fixture.start(fixture.config(), clock);
        EventNotification n = aNotification().forInstance(1).withEvents(3).build();
        fixture.publish(n);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/hook").size() == 1);
        awaitStatus(n, DeliveryStatus.RETRY, t0.plusSeconds(10));
        assertNoRequestBefore(Duration.ofSeconds(10), 1);

        clock.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests("/hook").size() == 2);
        Instant second = clock.instant();
        awaitStatus(n, DeliveryStatus.RETRY, second.plusSeconds(20));
        assertNoRequestBefore(Duration.ofSeconds(20), 2);

        clock.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests("/hook").size() == 3);
        awaitStatus(n, DeliveryStatus.DELIVERED, null);

        // Long after the schedule would have ended: nothing more arrives.
        clock.advance(Duration.ofHours(30));
        awaitPumpCycles(3);
        List<ReceivedRequest> requests = receiver.requests("/hook");
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(n.notificationId());
        assertThat(requests).extracting(ReceivedRequest::body).containsOnly(requests.get(0).body());
        DeliveryRecord record = fixture.delivery(n.notificationId());
        assertThat(record.attemptLog()).extracting(DeliveryAttempt::statusCode).containsExactly(500, 503, 200);
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(fixture.retryQueue.size()).isZero();
    }

    @Test
    void exhaustedNotificationIsParkedInTheDlqAndARedeliveryDeliversIt() {
        receiver.respondWith(500, 500, 500);
        fixture.instance(2, receiver.url("/parked"), c -> { });
        fixture.start(fixture.config(), clock);
        EventNotification n = aNotification().forInstance(2).build();
        fixture.publish(n);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/parked").size() == 1);
        awaitStatus(n, DeliveryStatus.RETRY, t0.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests("/parked").size() == 2);
        awaitStatus(n, DeliveryStatus.RETRY, clock.instant().plusSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        awaitStatus(n, DeliveryStatus.QUEUED, null);

        assertThat(receiver.requests("/parked")).hasSize(3);
        DeliveryRecord parked = fixture.delivery(n.notificationId());
        assertThat(parked.parkedReason()).contains("gave up after 3 attempts").contains("HTTP 500");
        List<ConsumerRecord<String, byte[]>> dlq = fixture.dlq();
        assertThat(dlq).hasSize(1);
        assertThat(new String(dlq.get(0).headers().lastHeader("notification-id").value(), StandardCharsets.UTF_8))
                .isEqualTo(n.notificationId());
        assertThat(new String(dlq.get(0).headers().lastHeader("attempts").value(), StandardCharsets.UTF_8)).isEqualTo("3");

        Redeliveries redeliveries = new Redeliveries(fixture.redis, fixture.env.keys());
        assertThat(redeliveries.redeliverAll(2, clock.instant())).containsExactly(n.notificationId());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests("/parked").size() == 4);
        awaitStatus(n, DeliveryStatus.DELIVERED, null);
        assertThat(receiver.requests("/parked").get(3).header("webhook-id")).isEqualTo(n.notificationId());
        assertThat(fixture.deliveryLog.parkedPayload(n.notificationId())).isEmpty();
        // Delivered now, so asking again replays it once (ReplayIT covers replays).
        assertThat(redeliveries.redeliver(2, n.notificationId(), clock.instant())).isEqualTo(Redeliveries.Result.REPLAYING);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests("/parked").size() == 5);
    }

    @Test
    void goneEndpointDisablesTheInstancesEventsAndParks() {
        receiver.respondWith(410);
        fixture.instance(3, receiver.url("/gone"), c -> { });
        fixture.start(fixture.config(), clock);
        EventNotification n = aNotification().forInstance(3).build();
        fixture.publish(n);

        awaitStatus(n, DeliveryStatus.QUEUED, null);
        assertThat(fixture.delivery(n.notificationId()).parkedReason()).contains("410");
        await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.instances.find(3).orElseThrow().settings().eventsEnabled());
        assertThat(receiver.requests("/gone")).hasSize(1);
    }

    @Test
    void changesAlreadyPolledWhenEventsAreSwitchedOffAreParkedAndDeliveredOnceSwitchedOnAgain() {
        // Review of issue 12: a 410 (or the user) switched events off while the next notification was on the topic;
        // it was dropped, and re-enabling and redelivering never sent those changes.
        receiver.respondWith(410);
        fixture.instance(6, receiver.url("/off"), c -> { });
        fixture.start(fixture.config(), clock);
        EventNotification gone = aNotification().forInstance(6).build();
        fixture.publish(gone);
        awaitStatus(gone, DeliveryStatus.QUEUED, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.instances.find(6).orElseThrow().settings().eventsEnabled());

        EventNotification polledBefore = aNotification().forInstance(6).build();
        fixture.publish(polledBefore);
        awaitStatus(polledBefore, DeliveryStatus.QUEUED, null);
        assertThat(fixture.delivery(polledBefore.notificationId()).parkedReason()).isEqualTo("events of the instance are disabled");
        assertThat(receiver.requests("/off")).hasSize(1);

        fixture.instances.setEventsEnabled(6, true);
        Redeliveries redeliveries = new Redeliveries(fixture.redis, fixture.env.keys());
        assertThat(redeliveries.redeliverAll(6, clock.instant())).contains(gone.notificationId(), polledBefore.notificationId());
        awaitStatus(polledBefore, DeliveryStatus.DELIVERED, null);
        awaitStatus(gone, DeliveryStatus.DELIVERED, null);
        assertThat(receiver.requests("/off")).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrder(gone.notificationId(), gone.notificationId(), polledBefore.notificationId());
    }

    @Test
    void productionGuardParksACallbackOnLoopbackWithoutCallingIt() {
        fixture.instance(4, receiver.url("/ssrf"), c -> { });
        fixture.start(fixture.config().withGuard(CallbackUrlGuard.production()), clock);
        EventNotification n = aNotification().forInstance(4).build();
        fixture.publish(n);

        awaitStatus(n, DeliveryStatus.QUEUED, null);
        assertThat(fixture.delivery(n.notificationId()).parkedReason()).contains("refused").contains("loopback");
        assertThat(receiver.requests("/ssrf")).isEmpty();
    }

    @Test
    void aStoredCallbackUrlNoClientCanSendToIsParkedNotRetriedOrDropped() {
        // Review of issue 12: port 99999 failed every attempt as an "internal error" and was retried for days, and an
        // instance its own validator no longer accepted had its notifications dropped as if it were deleted.
        List<String> unsendable = List.of("http://127.0.0.1:99999/x", "http://127.0.0.1:0/x", "ftp://127.0.0.1/x", "http:///x");
        for (int i = 0; i < unsendable.size(); i++) {
            fixture.instance(20 + i, unsendable.get(i), c -> { });
        }
        fixture.start(fixture.config(), clock);
        List<EventNotification> sent = new ArrayList<>();
        for (int i = 0; i < unsendable.size(); i++) {
            EventNotification n = aNotification().forInstance(20 + i).build();
            sent.add(n);
            fixture.publish(n);
        }

        for (EventNotification n : sent) {
            awaitStatus(n, DeliveryStatus.QUEUED, null);
            // The last two fail the stored configuration's own check (a rule tightened since it was saved): parked too.
            assertThat(fixture.delivery(n.notificationId()).parkedReason()).as(n.toString())
                    .satisfiesAnyOf(reason -> assertThat(reason).startsWith("invalid callback URL: "),
                            reason -> assertThat(reason).isEqualTo("the instance's configuration cannot be read: "
                                    + "1 invalid field(s): [configuration.event.notification.callback.url]"));
        }
        assertThat(fixture.delivery(sent.get(0).notificationId()).parkedReason()).contains("port from 1 to 65535, not 99999");
    }

    @Test
    void aCallbackWhoseHostDoesNotResolveIsRetriedOnScheduleNotParked() {
        // A DNS failure may last a moment: the attempt fails and waits for the next retry, as a refused connection does.
        fixture.instance(7, "http://hooks.example.invalid/in", c -> { });
        fixture.start(fixture.config().withGuard(CallbackUrlGuard.production()), clock);
        EventNotification n = aNotification().forInstance(7).build();
        fixture.publish(n);

        awaitStatus(n, DeliveryStatus.RETRY, t0.plusSeconds(10));
        DeliveryRecord record = fixture.delivery(n.notificationId());
        assertThat(record.parkedReason()).isNull();
        assertThat(record.attemptLog()).singleElement().satisfies(a -> assertThat(a.error()).contains("does not resolve"));
    }

    @Test
    void retryAfterLongerThanTheScheduleIsHonouredUpToItsBound() {
        // Answers 429 with Retry-After: 45 once; the schedule says 10 s, the bound is one minute.
        RetryAfterReceiver limited = RetryAfterReceiver.start(429, "45");
        try {
            fixture.instance(5, limited.url(), c -> { });
            fixture.start(fixture.config(), clock);
            EventNotification n = aNotification().forInstance(5).build();
            fixture.publish(n);
            awaitStatus(n, DeliveryStatus.RETRY, t0.plusSeconds(45));
        } finally {
            limited.close();
        }
    }

    private void awaitStatus(EventNotification n, DeliveryStatus status, Instant nextAttempt) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            DeliveryRecord record = fixture.delivery(n.notificationId());
            assertThat(record).isNotNull();
            assertThat(record.status()).isEqualTo(status);
            if (nextAttempt != null) {
                assertThat(record.nextAttemptAt()).isEqualTo(nextAttempt);
            }
        });
    }

    /** Moves the clock to just before the retry is due and shows the pump looked and sent nothing. */
    private void assertNoRequestBefore(Duration wait, int expected) {
        clock.advance(wait.minusMillis(1));
        awaitPumpCycles(3);
        assertThat(receiver.requests()).hasSize(expected);
    }

    private void awaitPumpCycles(int cycles) {
        double before = fixture.counter("dispatcher_retry_pump_cycles_total");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.counter("dispatcher_retry_pump_cycles_total") >= before + cycles);
    }

    // A repeat of a delivered notification (a re-poll, a reconciliation re-run, a Kafka redelivery after a crash) read
    // while events are off is dropped as a duplicate, not parked (review of issue 12).

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
        awaitStatus(delivered, DeliveryStatus.DELIVERED, null);
        EventNotification gone = aNotification().forInstance(instanceId).build();
        fixture.publish(gone);
        awaitStatus(gone, DeliveryStatus.QUEUED, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.instances.find(instanceId).orElseThrow().settings().eventsEnabled());

        fixture.publish(delivered);
        // Same instance, so same partition and same outcome writer: once this one is parked, the repeat is decided too.
        EventNotification fresh = aNotification().forInstance(instanceId).build();
        fixture.publish(fresh);
        awaitStatus(fresh, DeliveryStatus.QUEUED, null);
        assertThat(receiver.requests("/rep")).hasSize(2);
        return delivered;
    }
}
