package com.sage200events.common.redis;

import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * One-time OAuth {@code state} values (RFC 6749 §10.12) issued with a Sage authorize URL, each bound to the
 * instance it authorizes, spent on the redirect back.
 */
public final class AuthorizationStates {

    private final JedisPooled redis;
    private final RedisKeys keys;

    AuthorizationStates(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Binds {@code state} to the instance for {@code ttl}. */
    public void issue(String state, long instanceId, Duration ttl) {
        redis.set(keys.oauthState(state), Long.toString(instanceId), SetParams.setParams().ex(ttl.toSeconds()));
    }

    /** The instance {@code state} was issued for, once: a second use (or an expired state) finds nothing. */
    public Optional<Long> consume(String state) {
        return Optional.ofNullable(redis.getDel(keys.oauthState(state))).map(Long::parseLong);
    }
}
