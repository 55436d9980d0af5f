package com.sage200events.worker.internal;

import com.sage200events.common.redis.RedisKeys;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;

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

    /** Records success and releases the lease in one round trip. */
    void succeeded(PollLease lease, Instant at, int unreadableDates) {
        String key = keys.status(lease.instanceId(), lease.resource());
        try (Pipeline pipeline = redis.pipelined()) {
            pipeline.hset(key, Map.of("lastPollEnd", at.toString(), "lastSuccess", at.toString(), "state", "OK", "backoffUntil", ""));
            if (unreadableDates > 0) {
                pipeline.hincrBy(key, "unreadableDates", unreadableDates);
            }
            lease.release(pipeline, keys);
            pipeline.del(keys.pending(lease.instanceId(), lease.resource()));
            pipeline.sync();
        }
    }

    /** Records a failure (and a back-off when Sage asked for one) and releases the lease in one round trip. */
    void failed(PollLease lease, Instant at, String kind, String message, Optional<Instant> backoffUntil) {
        String key = keys.status(lease.instanceId(), lease.resource());
        try (Pipeline pipeline = redis.pipelined()) {
            pipeline.hset(key, Map.of(
                    "lastPollEnd", at.toString(),
                    "lastError", message,
                    "lastErrorKind", kind,
                    "lastErrorAt", at.toString(),
                    "state", "FAILING",
                    "backoffUntil", backoffUntil.map(Instant::toString).orElse("")));
            pipeline.hincrBy(key, "failures", 1);
            lease.release(pipeline, keys);
            pipeline.del(keys.pending(lease.instanceId(), lease.resource()));
            pipeline.sync();
        }
    }

    /** Records why a task was not polled; its slot no longer counts as pending. */
    void skipped(long instanceId, String resource, Instant at, String reason) {
        try (Pipeline pipeline = redis.pipelined()) {
            pipeline.hset(keys.status(instanceId, resource), Map.of("lastSkipAt", at.toString(), "lastSkip", reason));
            pipeline.del(keys.pending(instanceId, resource));
            pipeline.sync();
        }
    }
}
