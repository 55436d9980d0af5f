package com.sage200events.common.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/** Takes {@link PollLease}s: {@code SET NX PX} on the resource's lease key with a random token (DESIGN.md §4). */
public final class PollLeases {

    private final JedisPooled redis;
    private final RedisKeys keys;

    PollLeases(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The lease for {@code ttl}, or empty when another poll holds it. */
    public Optional<PollLease> acquire(long instanceId, String resource, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String ok = redis.set(keys.lease(instanceId, resource), token, SetParams.setParams().nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new PollLease(instanceId, resource, token)) : Optional.empty();
    }
}
