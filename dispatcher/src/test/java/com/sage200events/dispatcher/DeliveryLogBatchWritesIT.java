package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.DeliveryMarks;
import com.sage200events.common.redis.RedisBatch;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.testkit.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The outcome writers' batched forms of the delivery log (issue 12): many receipts in one call, and a delivery
 * written together with its receipt, leave the log exactly as the one-at-a-time writes would; real Redis.
 */
class DeliveryLogBatchWritesIT {

    private final RedisKeys keys = new RedisKeys(TestRedis.uniquePrefix());
    private final JedisPooled redis = RedisClients.pooled(TestRedis.endpoint().uri());
    private final DeliveryLog log = new DeliveryLog(redis, keys, new DeliveryRetention(Duration.ofDays(2), 3));
    private final Instant t0 = Instant.parse("2026-11-30T10:00:00Z");

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void receiptsOfSeveralInstancesInOneBatchAreKeptAndTrimmedPerInstance() {
        List<EventNotification> first = new ArrayList<>();
        List<DeliveryLog.Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EventNotification n = aNotification().forInstance(80).build();
            first.add(n);
            receipts.add(new DeliveryLog.Receipt(n, Json.toString(n), t0.plusSeconds(i), false));
        }
        EventNotification other = aNotification().forInstance(81).build();
        receipts.add(new DeliveryLog.Receipt(other, Json.toString(other), t0, false));

        write(batch -> log.received(batch, receipts));

        assertThat(log.receivedBetween(80, t0, t0.plusSeconds(60)))
                .containsExactly(first.get(2).notificationId(), first.get(3).notificationId(), first.get(4).notificationId());
        assertThat(log.payload(80, first.get(0).notificationId())).isEmpty();
        assertThat(log.payload(81, other.notificationId())).contains(Json.toString(other));
        DeliveryRecord record = log.find(first.get(4).notificationId()).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryStatus.NEW);
        assertThat(record.firstSeenAt()).isEqualTo(t0.plusSeconds(4));
        assertThat(record.instanceId()).isEqualTo(80);
        assertThat(record.events()).hasSize(first.get(4).events().size());
    }

    @Test
    void aDeliveryWrittenWithItsReceiptMakesOneCompleteEntry() {
        EventNotification n = aNotification().forInstance(82).build();
        DeliveryLog.Receipt receipt = new DeliveryLog.Receipt(n, Json.toString(n), t0, true);
        DeliveryAttempt attempt = new DeliveryAttempt(1, t0.plusMillis(3), 200, 3, null);

        write(batch -> {
            log.received(batch, List.of(receipt));
            log.delivered(batch, n.notificationId(), attempt, receipt);
        });

        DeliveryRecord record = log.find(n.notificationId()).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(record.firstSeenAt()).isEqualTo(t0);
        assertThat(record.instanceId()).isEqualTo(82);
        assertThat(record.objectType()).isEqualTo(n.objectType());
        assertThat(record.events()).extracting(e -> e.get("eventId")).containsExactly(n.events().get(0).eventId());
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(record.attemptLog()).containsExactly(attempt);
        assertThat(log.payload(82, n.notificationId())).contains(Json.toString(n));
    }

    @Test
    void aDeliveryAfterParkingKeepsTheFirstArrivalAndDropsTheParkedPayload() {
        EventNotification n = aNotification().forInstance(83).build();
        write(batch -> {
            log.received(batch, n, Json.toString(n), t0);
            log.attempted(batch, n.notificationId(), new DeliveryAttempt(1, t0, 500, 3, null), DeliveryStatus.QUEUED, null);
            log.parked(batch, n.notificationId(), Json.toString(n), "gave up");
        });
        assertThat(log.parkedPayload(n.notificationId())).isPresent();

        // The same notification comes again (a re-poll) and is delivered within one batch.
        DeliveryLog.Receipt again = new DeliveryLog.Receipt(n, Json.toString(n), t0.plusSeconds(90), true);
        write(batch -> {
            log.received(batch, List.of(again));
            log.delivered(batch, n.notificationId(), new DeliveryAttempt(2, t0.plusSeconds(91), 200, 3, null), again);
        });

        DeliveryRecord record = log.find(n.notificationId()).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(record.firstSeenAt()).isEqualTo(t0);
        assertThat(record.parkedReason()).isNull();
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(log.parkedPayload(n.notificationId())).isEmpty();
        assertThat(log.receivedBetween(83, t0, t0.plusSeconds(1))).containsExactly(n.notificationId());
    }

    @Test
    void deliveredMarksAreReadBackPerNotificationAcrossSeveralCalls() {
        DeliveryMarks marks = RedisStores.wrap(redis, keys).deliveryMarks();
        // 1,203 event ids in groups of 1 to 3: the reads span two MGET calls, with a group split between them.
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; groups.stream().mapToInt(List::size).sum() < 1_200; i++) {
            List<String> group = new ArrayList<>();
            for (int e = 0; e <= i % 3; e++) {
                group.add("evt-" + i + "-" + e);
            }
            groups.add(group);
        }
        write(batch -> {
            for (int i = 0; i < groups.size(); i += 2) {
                marks.markDelivered(batch, groups.get(i), "n-" + i, Duration.ofMinutes(5));
            }
        });

        List<List<String>> deliveredBy = marks.deliveredBy(groups);

        assertThat(deliveredBy).hasSameSizeAs(groups);
        for (int i = 0; i < groups.size(); i++) {
            String expected = i % 2 == 0 ? "n-" + i : null;
            assertThat(deliveredBy.get(i)).as("group %d", i).hasSize(groups.get(i).size()).containsOnly(expected);
        }
    }

    private void write(Consumer<RedisBatch> writes) {
        try (RedisBatch batch = RedisStores.wrap(redis, keys).batch()) {
            writes.accept(batch);
            batch.send();
        }
    }
}
