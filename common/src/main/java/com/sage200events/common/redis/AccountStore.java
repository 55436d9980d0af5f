package com.sage200events.common.redis;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * API accounts: organizations and their users, each found by the SHA-256 of its secret (the secret itself is
 * shown once and never stored). The scheduler's API authentication reads it; the admin API writes it.
 */
public final class AccountStore {

    private final JedisPooled redis;
    private final String prefix;

    AccountStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.prefix = keys.prefix();
    }

    /** The organization whose secret hashes to {@code secretHash}. */
    public Optional<String> organizationBySecret(String secretHash) {
        return Optional.ofNullable(redis.get(prefix + "org-secret:" + secretHash));
    }

    /** The organization of the user whose secret hashes to {@code secretHash}. */
    public Optional<String> organizationOfUserBySecret(String secretHash) {
        String userId = redis.get(prefix + "user-secret:" + secretHash);
        return userId == null ? Optional.empty() : Optional.ofNullable(redis.hget(userKey(userId), "organization"));
    }

    public boolean organizationExists(String id) {
        return redis.exists(organizationKey(id));
    }

    /** Stores a new organization; returns its id ({@code org_<n>}). */
    public String createOrganization(String name, String secretHash, Instant createdAt) {
        String id = "org_" + redis.incr(prefix + "org-seq");
        redis.hset(organizationKey(id), Map.of("name", name, "secretHash", secretHash, "createdDate", createdAt.toString()));
        redis.set(prefix + "org-secret:" + secretHash, id);
        return id;
    }

    /** Stores a new user of {@code organization}; returns its id ({@code usr_<n>}). */
    public String createUser(String organization, String email, String secretHash, Instant createdAt) {
        String id = "usr_" + redis.incr(prefix + "user-seq");
        redis.hset(userKey(id), Map.of("organization", organization, "email", email, "secretHash", secretHash,
                "createdDate", createdAt.toString()));
        redis.set(prefix + "user-secret:" + secretHash, id);
        return id;
    }

    private String organizationKey(String id) {
        return prefix + "org:" + id;
    }

    private String userKey(String id) {
        return prefix + "user:" + id;
    }
}
