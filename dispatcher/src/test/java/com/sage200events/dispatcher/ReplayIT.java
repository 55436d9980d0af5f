package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.Redeliveries;
import com.sage200events.testkit.MutableClock;
import com.sage200events.testkit.ReceivedRequest;
import com.sage200events.testkit.WebhookReceiver;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replay of any delivery (issue 14, DESIGN.md §6): through the real dispatcher, broker, Redis and receiver, asked for
 * as the API asks ({@link Redeliveries}). Time is a test clock, so receipt times and signing timestamps are exact.
 */
class ReplayIT {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(t0);
    private DispatcherFixture fixture;
    private WebhookReceiver receiver;
    private Redeliveries redeliveries;

    @BeforeEach
    void start() {
        fixture = new DispatcherFixture();
        receiver = WebhookReceiver.start();
        redeliveries = new Redeliveries(fixture.redis, fixture.env.keys());
    }

    @AfterEach
    void stop() {
        fixture.close();
        receiver.close();
    }

    @Test
    void aDeliveredNotificationReplayedArrivesAgainWithTheSameIdANewTimestampAndTheRotatedSecretsSignature() throws Exception {
        String oldSecret = fixture.instance(60, receiver.url("/replay"), c -> c.put("event.notification.signature.key", "ce-key"));
        fixture.start(fixture.config(), clock);
        EventNotification n = aNotification().forInstance(60).withEvents(2).build();
        fixture.publish(n);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(n));
        ReceivedRequest original = receiver.requests("/replay").get(0);

        String newSecret = fixture.secrets.rotate(60, clock.instant(), Duration.ZERO).secret();
        clock.advance(Duration.ofSeconds(90));
        assertThat(redeliveries.redeliver(60, n.notificationId(), clock.instant())).isEqualTo(Redeliveries.Result.REPLAYING);

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/replay").size() == 2);
        ReceivedRequest replay = receiver.requests("/replay").get(1);
        assertThat(replay.header("webhook-id")).isEqualTo(n.notificationId()).isEqualTo(original.header("webhook-id"));
        assertThat(replay.header("Elements-Webhook-Id")).isEqualTo(n.notificationId());
        assertThat(replay.body()).isEqualTo(original.body());
        assertThat(Long.parseLong(replay.header("webhook-timestamp")))
                .isEqualTo(Long.parseLong(original.header("webhook-timestamp")) + 90);
        new Webhook(newSecret).verify(replay.body(), replay.headers());
        assertThatThrownBy(() -> new Webhook(oldSecret).verify(replay.body(), replay.headers()))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(replay.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + hmac("ce-key", replay.body()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            DeliveryRecord record = fixture.delivery(n.notificationId());
            assertThat(record.replay().state()).isEqualTo(DeliveryRecord.ReplayState.DELIVERED);
            assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(record.attemptLog()).extracting(DeliveryAttempt::replay).containsExactly(false, true);
            assertThat(record.attemptLog()).extracting(DeliveryAttempt::statusCode).containsExactly(200, 200);
        });
        assertThat(fixture.retryQueue.size()).isZero();
    }

    @Test
    void replaySinceResendsExactlyTheNotificationsFirstReceivedInTheRange() {
        fixture.instance(61, receiver.url("/range"), c -> { });
        fixture.start(fixture.config(), clock);
        EventNotification before = deliverAt(aNotification().forInstance(61).build());
        clock.advance(Duration.ofMinutes(10));
        EventNotification first = deliverAt(aNotification().forInstance(61).build());
        EventNotification second = deliverAt(aNotification().forInstance(61).withEvents(3).build());
        clock.advance(Duration.ofMinutes(10));
        EventNotification after = deliverAt(aNotification().forInstance(61).build());

        List<String> replaying = redeliveries.replaySince(61, t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(15)), clock.instant());

        assertThat(replaying).containsExactlyInAnyOrder(first.notificationId(), second.notificationId());
        await().atMost(Duration.ofSeconds(20)).until(() -> replayEnded(first) && replayEnded(second));
        List<ReceivedRequest> requests = receiver.requests("/range");
        assertThat(requests).hasSize(6);
        assertThat(requests.subList(4, 6)).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrder(first.notificationId(), second.notificationId());
        assertThat(fixture.delivery(before.notificationId()).replay()).isNull();
        assertThat(fixture.delivery(after.notificationId()).replay()).isNull();
    }

    @Test
    void aReplayToADeadEndpointDoesNotOpenItsBreakerNorSwitchEventsOff() {
        fixture.instance(62, receiver.url("/dead"), c -> { });
        fixture.start(fixture.config().withEndpoints(new EndpointPolicy(8, 10_000, 3, Duration.ofMinutes(10), Duration.ofSeconds(5))), clock);
        List<EventNotification> sent = List.of(deliverAt(aNotification().forInstance(62).build()), deliverAt(aNotification().forInstance(62).build()),
                deliverAt(aNotification().forInstance(62).build()), deliverAt(aNotification().forInstance(62).build()));

        // Dead for every replay: three server errors (the breaker opens at three failures) and a 410 Gone.
        receiver.respondWith(503, 503, 503, 410);
        assertThat(redeliveries.replaySince(62, t0, clock.instant().plusSeconds(1), clock.instant())).hasSize(4);
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.stream().allMatch(this::replayEnded));

        assertThat(receiver.requests("/dead")).hasSize(8);
        assertThat(receiver.requests("/dead").subList(4, 8)).extracting(ReceivedRequest::status).containsExactlyInAnyOrder(503, 503, 503, 410);
        for (EventNotification n : sent) {
            DeliveryRecord record = fixture.delivery(n.notificationId());
            assertThat(record.replay().state()).isEqualTo(DeliveryRecord.ReplayState.FAILED);
            assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(record.attemptLog()).hasSize(2).last().satisfies(a -> assertThat(a.replay()).isTrue());
        }
        assertThat(fixture.retryQueue.size()).isZero();
        assertThat(fixture.instances.find(62).orElseThrow().settings().eventsEnabled()).isTrue();

        // Had the breaker counted the replays it would be open now, and this first attempt would fail without a request.
        EventNotification fresh = aNotification().forInstance(62).build();
        fixture.publish(fresh);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(fresh));
        assertThat(fixture.delivery(fresh.notificationId()).attemptLog()).extracting(DeliveryAttempt::statusCode).containsExactly(200);
        assertThat(receiver.requests("/dead")).hasSize(9);
    }

    /** Publishes {@code n} and waits until it is delivered, so its receipt time is the clock's now. */
    private EventNotification deliverAt(EventNotification n) {
        fixture.publish(n);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(n));
        return n;
    }

    private boolean delivered(EventNotification n) {
        DeliveryRecord record = fixture.delivery(n.notificationId());
        return record != null && record.status() == DeliveryStatus.DELIVERED;
    }

    private boolean replayEnded(EventNotification n) {
        DeliveryRecord record = fixture.delivery(n.notificationId());
        return record != null && record.replay() != null && record.replay().state() != DeliveryRecord.ReplayState.PENDING;
    }

    private static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
