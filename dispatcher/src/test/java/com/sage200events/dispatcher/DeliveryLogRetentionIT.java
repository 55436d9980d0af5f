package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.Redeliveries;
import com.sage200events.common.redis.RedisBatch;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.testkit.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The delivery log's retention bounds what can be replayed, by count per instance and by age; real Redis. */
class DeliveryLogRetentionIT {

    private final RedisKeys keys = new RedisKeys(TestRedis.uniquePrefix());
    private final JedisPooled redis = RedisClients.pooled(TestRedis.endpoint().uri());
    private final DeliveryRetention retention = new DeliveryRetention(Duration.ofDays(2), 3);
    private final DeliveryLog log = new DeliveryLog(redis, keys, retention);
    private final Redeliveries redeliveries = new Redeliveries(redis, keys, retention);
    private final Instant t0 = Instant.parse("2026-11-29T10:00:00Z");

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void onlyTheNewestNotificationsOfAnInstanceUpToTheCountKeepTheirPayload() {
        List<EventNotification> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(deliver(aNotification().forInstance(70).build(), t0.plusSeconds(i)));
        }
        EventNotification otherInstance = deliver(aNotification().forInstance(71).build(), t0);

        assertThat(log.receivedBetween(70, t0, t0.plusSeconds(60)))
                .containsExactly(sent.get(2).notificationId(), sent.get(3).notificationId(), sent.get(4).notificationId());
        assertThat(log.payload(70, sent.get(1).notificationId())).isEmpty();
        assertThat(log.payload(70, sent.get(4).notificationId())).contains(Json.toString(sent.get(4)));
        assertThat(redeliveries.redeliver(70, sent.get(1).notificationId(), t0.plusSeconds(60))).isEqualTo(Redeliveries.Result.PAYLOAD_EXPIRED);
        assertThat(redeliveries.redeliver(70, sent.get(4).notificationId(), t0.plusSeconds(60))).isEqualTo(Redeliveries.Result.REPLAYING);
        assertThat(log.payload(71, otherInstance.notificationId())).isPresent();
    }

    @Test
    void notificationsOlderThanTheAgeBoundAreDroppedWhenANewOneArrives() {
        EventNotification old = deliver(aNotification().forInstance(72).build(), t0);
        EventNotification recent = deliver(aNotification().forInstance(72).build(), t0.plus(Duration.ofDays(1)));
        EventNotification latest = deliver(aNotification().forInstance(72).build(), t0.plus(Duration.ofDays(2)).plusSeconds(1));

        assertThat(log.receivedBetween(72, t0.minusSeconds(1), t0.plus(Duration.ofDays(3))))
                .containsExactly(recent.notificationId(), latest.notificationId());
        assertThat(log.payload(72, old.notificationId())).isEmpty();
        assertThat(redis.ttl(keys.deliveryPayloads(72))).isPositive().isLessThanOrEqualTo(Duration.ofDays(2).toSeconds());

        // Nothing new arrives, yet two days after its receipt the payload still in Redis is no longer replayable.
        Instant later = t0.plus(Duration.ofDays(3)).plusSeconds(2);
        assertThat(redeliveries.redeliver(72, recent.notificationId(), later)).isEqualTo(Redeliveries.Result.PAYLOAD_EXPIRED);
        assertThat(redeliveries.replaySince(72, t0, later, later)).containsExactly(latest.notificationId());
    }

    private EventNotification deliver(EventNotification n, Instant at) {
        try (RedisBatch p = RedisStores.wrap(redis, keys).batch()) {
            log.received(p, n, Json.toString(n), at);
            log.attempted(p, n.notificationId(), new DeliveryAttempt(1, at, 200, 5, null), DeliveryStatus.DELIVERED, null);
            p.send();
        }
        return n;
    }
}
