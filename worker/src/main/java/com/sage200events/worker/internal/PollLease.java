package com.sage200events.worker.internal;

import com.sage200events.common.redis.RedisKeys;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * The right to poll one (instance, resource), held in Redis with a random fencing token. Kafka keys keep a
 * resource on one partition, but during a rebalance two workers can briefly both hold that partition; the
 * lease makes sure only one of them polls. Every cursor and status write checks the token, and the status write
 * that ends a poll releases the lease in the same script ({@link CursorStore}, {@link PollStatusStore}).
 */
record PollLease(long instanceId, String resource, String token) {

    static Optional<PollLease> acquire(JedisPooled redis, RedisKeys keys, long instanceId, String resource, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String ok = redis.set(keys.lease(instanceId, resource), token, SetParams.setParams().nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new PollLease(instanceId, resource, token)) : Optional.empty();
    }
}
