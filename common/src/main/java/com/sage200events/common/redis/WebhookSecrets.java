package com.sage200events.common.redis;

import com.sage200events.common.crypto.SecretCipher;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Each instance's Standard Webhooks signing secret ({@code whsec_} + base64 of 32 random bytes, as the
 * spec defines). The API shows it once, at create or rotation. During a rotation's grace period the
 * previous secret still signs too, so receivers can switch over without dropping a delivery. Stored
 * sealed with {@link SecretCipher}, like every other secret at rest.
 */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofHours(24);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final SecretCipher cipher;

    /** With the process-wide cipher from {@code ENCRYPTION_KEYS}. */
    public WebhookSecrets(UnifiedJedis redis, RedisKeys keys) {
        this(redis, keys, SecretCipher.shared());
    }

    public WebhookSecrets(UnifiedJedis redis, RedisKeys keys, SecretCipher cipher) {
        this.redis = redis;
        this.keys = keys;
        this.cipher = cipher;
    }

    /** A new secret for a new instance; returns it (the only time it is shown). */
    public String create(long instanceId) {
        String secret = generate();
        redis.hset(keys.webhookSecret(instanceId), Map.of("current", seal(instanceId, secret)));
        return secret;
    }

    /** Replaces the secret; the old one keeps signing until {@code now + grace}. */
    public Rotation rotate(long instanceId, Instant now, Duration grace) {
        String key = keys.webhookSecret(instanceId);
        String old = redis.hget(key, "current");
        String secret = generate();
        Instant until = now.plus(grace);
        if (old == null || grace.isZero()) {
            redis.hset(key, Map.of("current", seal(instanceId, secret), "previous", "", "previousUntil", "0"));
            return new Rotation(secret, null);
        }
        // The old value is moved as it is stored (sealed for the same context), never decrypted here.
        redis.hset(key, Map.of("current", seal(instanceId, secret), "previous", old, "previousUntil", Long.toString(until.toEpochMilli())));
        return new Rotation(secret, until);
    }

    /** The secrets that sign a delivery now: the current one, then the previous one while its grace lasts. */
    public List<String> signing(long instanceId, Instant now) {
        Map<String, String> fields = redis.hgetAll(keys.webhookSecret(instanceId));
        List<String> secrets = new ArrayList<>(2);
        String current = fields.get("current");
        if (current != null && !current.isEmpty()) {
            secrets.add(open(instanceId, current));
        }
        String previous = fields.get("previous");
        long until = Long.parseLong(fields.getOrDefault("previousUntil", "0"));
        if (previous != null && !previous.isEmpty() && now.toEpochMilli() < until) {
            secrets.add(open(instanceId, previous));
        }
        return secrets;
    }

    private String seal(long instanceId, String secret) {
        return cipher.encrypt(secret, context(instanceId));
    }

    private String open(long instanceId, String stored) {
        return cipher.decrypt(stored, context(instanceId));
    }

    private static String context(long instanceId) {
        return "instance/" + instanceId + "/webhook-secret";
    }

    public void delete(long instanceId) {
        redis.del(keys.webhookSecret(instanceId));
    }

    /** The HMAC key a {@code whsec_…} secret stands for. */
    public static byte[] keyBytes(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The new secret and, when an old one still signs, until when. */
    public record Rotation(String secret, Instant previousValidUntil) {
        @Override
        public String toString() {
            return "Rotation[previousValidUntil=" + previousValidUntil + "]";
        }
    }
}
