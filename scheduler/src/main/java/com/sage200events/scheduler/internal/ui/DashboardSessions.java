package com.sage200events.scheduler.internal.ui;

import com.sage200events.common.redis.RedisKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * Dashboard sign-ins, kept in Redis so that every scheduler replica behind one load balancer knows them. A
 * session is a random 256-bit id (the cookie value) naming an organization and its own CSRF token; it lasts
 * {@link #TTL} from sign-in. The account's secrets are checked at sign-in and never stored here.
 */
final class DashboardSessions {

    static final Duration TTL = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in operator: the organization they act for, and the token every form of theirs must carry. */
    record Session(String id, String organization, String csrfToken) {
    }

    private final JedisPooled redis;
    private final RedisKeys keys;

    DashboardSessions(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    Session create(String organization) {
        Session session = new Session(randomToken(), organization, randomToken());
        String key = keys.uiSession(session.id());
        redis.hset(key, Map.of("organization", organization, "csrf", session.csrfToken()));
        redis.expire(key, TTL.toSeconds());
        return session;
    }

    Optional<Session> find(String id) {
        // Cookie values are ours only if they look like ours: nothing else reaches a Redis key.
        if (id == null || !id.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        Map<String, String> fields = redis.hgetAll(keys.uiSession(id));
        if (fields.get("organization") == null || fields.get("csrf") == null) {
            return Optional.empty();
        }
        return Optional.of(new Session(id, fields.get("organization"), fields.get("csrf")));
    }

    void delete(Session session) {
        redis.del(keys.uiSession(session.id()));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
