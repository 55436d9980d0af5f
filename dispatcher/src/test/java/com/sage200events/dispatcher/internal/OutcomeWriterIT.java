package com.sage200events.dispatcher.internal;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.testkit.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** One outcome writer's batch, written to the real Redis: what the delivery log ends up saying. */
class OutcomeWriterIT {

    private final RedisKeys keys = new RedisKeys(TestRedis.uniquePrefix());
    private final JedisPooled jedis = RedisClients.pooled(TestRedis.endpoint().uri());
    private final RedisStores stores = RedisStores.wrap(jedis, keys);
    private final Instant t0 = Instant.parse("2026-11-30T10:00:00Z");

    @AfterEach
    void close() {
        jedis.close();
    }

    @Test
    void aLaterReceiptOfTheSameNotificationInTheBatchDoesNotTakeItsFirstSeenTime() throws Exception {
        // Review of issue 12: a delivery written with its receipt, and a second receipt of that notification (a later
        // poll's) in the same batch, whose NEW entry is written before the outcomes.
        EventNotification n = aNotification().forInstance(90).build();
        DeliveryJob first = job(n, t0);
        DeliveryJob again = job(n, t0.plusSeconds(30));
        OutcomeWriter writer = new OutcomeWriter(stores, new InstanceCache(stores.instances(), stores.webhookSecrets(), Clock.systemUTC()),
                new DlqPublisher(null, "unused"), Duration.ofHours(1));
        writer.submit(Outcome.received(first));
        writer.submit(Outcome.delivered(first, new DeliveryAttempt(1, t0.plusMillis(3), 200, 3, null)));
        writer.submit(Outcome.received(again));

        Lifecycle lifecycle = new Lifecycle("outcome-writer-it");
        lifecycle.startLoop("outcomes", writer); // the three are queued already, so they make one batch
        first.done.get(10, TimeUnit.SECONDS);
        lifecycle.shutdown(Duration.ofSeconds(5));

        DeliveryRecord record = stores.deliveryLog().find(n.notificationId()).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(record.firstSeenAt()).isEqualTo(t0);
        assertThat(record.attempts()).isEqualTo(1);
    }

    private static DeliveryJob job(EventNotification n, Instant admittedAt) {
        DeliveryJob job = new DeliveryJob(n, 0, false);
        job.admittedAt = admittedAt;
        job.notificationJson = Json.toString(n);
        return job;
    }
}
