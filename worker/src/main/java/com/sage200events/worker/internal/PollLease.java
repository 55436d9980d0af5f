package com.sage200events.worker.internal;

import com.sage200events.common.redis.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * The right to poll one (instance, resource), held in Redis with a random fencing token. Kafka keys keep a
 * resource on one partition, but during a rebalance two workers can briefly both hold that partition; the
 * lease makes sure only one of them polls, and the cursor commit checks the token.
 */
record PollLease(long instanceId, String resource, String token) {

    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

    static Optional<PollLease> acquire(JedisPooled redis, RedisKeys keys, long instanceId, String resource, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String ok = redis.set(keys.lease(instanceId, resource), token, SetParams.setParams().nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new PollLease(instanceId, resource, token)) : Optional.empty();
    }

    void release(JedisPooled redis, RedisKeys keys) {
        redis.eval(RELEASE, List.of(keys.lease(instanceId, resource)), List.of(token));
    }

    /** Releases as part of a pipeline, so the release rides on a round trip the caller makes anyway. */
    void release(Pipeline pipeline, RedisKeys keys) {
        pipeline.eval(RELEASE, List.of(keys.lease(instanceId, resource)), List.of(token));
    }
}
