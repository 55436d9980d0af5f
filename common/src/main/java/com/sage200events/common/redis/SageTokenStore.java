package com.sage200events.common.redis;

import com.sage200events.common.sage.SageTokens;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/** The current Sage token pair of each instance, shared by every worker and the scheduler. */
public final class SageTokenStore {

    private final JedisPooled redis;
    private final RedisKeys keys;

    public SageTokenStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public void save(long instanceId, SageTokens tokens) {
        redis.hset(keys.sageTokens(instanceId), Map.of(
                "access_token", tokens.accessToken(),
                "refresh_token", tokens.refreshToken() == null ? "" : tokens.refreshToken(),
                "expires_at", Long.toString(tokens.expiresAt().toEpochMilli())));
    }

    public Optional<SageTokens> find(long instanceId) {
        Map<String, String> fields = redis.hgetAll(keys.sageTokens(instanceId));
        if (fields.isEmpty() || !fields.containsKey("access_token")) {
            return Optional.empty();
        }
        return Optional.of(new SageTokens(fields.get("access_token"), fields.get("refresh_token"),
                Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("expires_at", "0")))));
    }

    public void delete(long instanceId) {
        redis.del(keys.sageTokens(instanceId));
    }
}
