package com.sage200events.worker.internal;

import com.sage200events.common.redis.RedisKeys;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.JedisPooled;

/**
 * What the instances API shows per (instance, resource): last poll times, last error and counters. The
 * counters that move with the cursor are written by the cursor commit itself.
 */
final class PollStatusStore {

    private final JedisPooled redis;
    private final RedisKeys keys;

    PollStatusStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    void started(long instanceId, String resource, Instant at) {
        redis.hset(keys.status(instanceId, resource), "lastPollStart", at.toString());
    }

    void succeeded(long instanceId, String resource, Instant at, int unreadableDates) {
        String key = keys.status(instanceId, resource);
        redis.hset(key, Map.of("lastPollEnd", at.toString(), "lastSuccess", at.toString(), "state", "OK"));
        if (unreadableDates > 0) {
            redis.hincrBy(key, "unreadableDates", unreadableDates);
        }
    }

    void failed(long instanceId, String resource, Instant at, String kind, String message) {
        redis.hset(keys.status(instanceId, resource), Map.of(
                "lastPollEnd", at.toString(),
                "lastError", message,
                "lastErrorKind", kind,
                "lastErrorAt", at.toString(),
                "state", "FAILING"));
        redis.hincrBy(keys.status(instanceId, resource), "failures", 1);
    }

    void skipped(long instanceId, String resource, Instant at, String reason) {
        redis.hset(keys.status(instanceId, resource), Map.of("lastSkipAt", at.toString(), "lastSkip", reason));
    }
}
