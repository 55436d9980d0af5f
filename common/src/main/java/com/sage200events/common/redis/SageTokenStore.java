package com.sage200events.common.redis;

import com.sage200events.common.crypto.SecretCipher;
import com.sage200events.common.sage.SageTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * The current Sage token pair of each instance, shared by every worker and the scheduler. Both tokens are
 * bearer credentials, so they are sealed with {@link SecretCipher} at rest.
 */
public final class SageTokenStore {

    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

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

    /** Forgets the instance's tokens and any refresh lock on them. */
    public void delete(long instanceId) {
        redis.del(keys.sageTokens(instanceId), keys.sageTokenRefreshLock(instanceId));
    }

    /**
     * Takes the instance's refresh lock for {@code ttl} ({@code SET NX PX}): Sage refresh tokens rotate, so only
     * one worker may refresh at a time (DESIGN.md §4 "Sage faults").
     *
     * @param owner a random token naming this holder, to release with
     * @return true when this caller now holds the lock
     */
    public boolean tryLockRefresh(long instanceId, String owner, Duration ttl) {
        return "OK".equals(redis.set(keys.sageTokenRefreshLock(instanceId), owner, SetParams.setParams().nx().px(ttl.toMillis())));
    }

    /** Releases the refresh lock if {@code owner} still holds it (it may have expired and passed to a peer). */
    public void unlockRefresh(long instanceId, String owner) {
        redis.eval(RELEASE, List.of(keys.sageTokenRefreshLock(instanceId)), List.of(owner));
    }
}
