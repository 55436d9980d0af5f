package com.sage200events.dispatcher.internal;

import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.JedisPooled;

/**
 * Per notification: status ({@code NEW → RETRY → DELIVERED | QUEUED}), attempts and the last answer; per
 * instance: the most recent notification ids. Bounded in size and age so Redis does not grow forever.
 */
final class DeliveryLog {

    static final int RECENT_PER_INSTANCE = 1000;
    static final Duration KEEP = Duration.ofDays(7);

    private final JedisPooled redis;
    private final RedisKeys keys;

    DeliveryLog(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    void received(EventNotification n, Instant at) {
        String key = keys.delivery(n.notificationId());
        if (redis.hsetnx(key, "status", "NEW") == 1) {
            redis.hset(key, Map.of("instanceId", Long.toString(n.instanceId()), "objectType", n.objectType(),
                    "events", Integer.toString(n.events().size()), "firstSeenAt", at.toString()));
            redis.lpush(keys.instanceDeliveries(n.instanceId()), n.notificationId());
            redis.ltrim(keys.instanceDeliveries(n.instanceId()), 0, RECENT_PER_INSTANCE - 1);
        }
        redis.expire(key, KEEP.toSeconds());
    }

    void attempted(EventNotification n, WebhookClient.Attempt attempt, String status, Instant at) {
        String key = keys.delivery(n.notificationId());
        redis.hincrBy(key, "attempts", 1);
        redis.hset(key, Map.of(
                "status", status,
                "lastStatusCode", Integer.toString(attempt.status()),
                "lastLatencyMs", Long.toString(attempt.latency().toMillis()),
                "lastAttemptAt", at.toString(),
                "lastError", attempt.error() == null ? "" : attempt.error()));
    }

    boolean alreadyDelivered(String notificationId) {
        return "DELIVERED".equals(redis.hget(keys.delivery(notificationId), "status"));
    }
}
