package com.sage200events.common.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/** Dashboard sign-in sessions by their random cookie value: the organization and the CSRF token (DESIGN.md §10). */
public final class UiSessionStore {

    private static final String ORGANIZATION = "organization";
    private static final String CSRF = "csrf";

    private final JedisPooled redis;
    private final RedisKeys keys;

    UiSessionStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** A stored session. */
    public record Stored(String organization, String csrfToken) {
    }

    /** Keeps a session for {@code ttl}. */
    public void save(String sessionId, Stored session, Duration ttl) {
        String key = keys.uiSession(sessionId);
        redis.hset(key, Map.of(ORGANIZATION, session.organization(), CSRF, session.csrfToken()));
        redis.expire(key, ttl.toSeconds());
    }

    public Optional<Stored> find(String sessionId) {
        Map<String, String> fields = redis.hgetAll(keys.uiSession(sessionId));
        if (fields.get(ORGANIZATION) == null || fields.get(CSRF) == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(fields.get(ORGANIZATION), fields.get(CSRF)));
    }

    public void delete(String sessionId) {
        redis.del(keys.uiSession(sessionId));
    }
}
