package com.sage200events.common.redis;

import com.sage200events.common.crypto.SecretCipher;
import com.sage200events.common.sage.SageTokens;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * The current Sage token pair of each instance, shared by every worker and the scheduler. Both tokens are
 * bearer credentials, so they are sealed with {@link SecretCipher} at rest.
 */
public final class SageTokenStore {

    private final JedisPooled redis;
    private final RedisKeys keys;
    private final SecretCipher cipher;

    /** With the process-wide cipher from {@code ENCRYPTION_KEYS}, as every service uses. */
    public SageTokenStore(JedisPooled redis, RedisKeys keys) {
        this(redis, keys, SecretCipher.shared());
    }

    public SageTokenStore(JedisPooled redis, RedisKeys keys, SecretCipher cipher) {
        this.redis = redis;
        this.keys = keys;
        this.cipher = cipher;
    }

    public void save(long instanceId, SageTokens tokens) {
        String refresh = tokens.refreshToken() == null || tokens.refreshToken().isEmpty()
                ? "" : cipher.encrypt(tokens.refreshToken(), context(instanceId, "refresh_token"));
        redis.hset(keys.sageTokens(instanceId), Map.of(
                "access_token", cipher.encrypt(tokens.accessToken(), context(instanceId, "access_token")),
                "refresh_token", refresh,
                "expires_at", Long.toString(tokens.expiresAt().toEpochMilli())));
    }

    public Optional<SageTokens> find(long instanceId) {
        Map<String, String> fields = redis.hgetAll(keys.sageTokens(instanceId));
        if (fields.isEmpty() || !fields.containsKey("access_token")) {
            return Optional.empty();
        }
        String refresh = fields.get("refresh_token");
        return Optional.of(new SageTokens(cipher.decrypt(fields.get("access_token"), context(instanceId, "access_token")),
                refresh == null || refresh.isEmpty() ? refresh : cipher.decrypt(refresh, context(instanceId, "refresh_token")),
                Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("expires_at", "0")))));
    }

    private static String context(long instanceId, String field) {
        return "sage-tokens/" + instanceId + "/" + field;
    }

    public void delete(long instanceId) {
        redis.del(keys.sageTokens(instanceId));
    }
}
