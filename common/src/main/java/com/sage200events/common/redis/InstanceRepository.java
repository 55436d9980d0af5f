package com.sage200events.common.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.crypto.SecretCipher;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.SecretFields;
import com.sage200events.common.model.StoredInstance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Element instances in Redis: one JSON document per instance, a set of all ids, a sorted set of ids per
 * organization (for paged listing) and a token index. Secret configuration values ({@link SecretFields}) are
 * sealed with {@link SecretCipher} on save and opened on read, so callers only ever see plaintext and Redis
 * only ever holds ciphertext.
 */
public final class InstanceRepository {

    private final JedisPooled redis;
    private final RedisKeys keys;
    private final SecretCipher cipher;

    /** With the process-wide cipher from {@code ENCRYPTION_KEYS}, as every service uses. */
    private static final int SCAN_BATCH = 500;

    public InstanceRepository(JedisPooled redis, RedisKeys keys) {
        this(redis, keys, SecretCipher.shared());
    }

    public InstanceRepository(JedisPooled redis, RedisKeys keys, SecretCipher cipher) {
        this.redis = redis;
        this.keys = keys;
        this.cipher = cipher;
    }

    public long nextId() {
        return redis.incr(keys.instanceSequence());
    }

    public void save(StoredInstance instance) {
        StoredInstance sealed = instance.withConfiguration(transform(instance.configuration(), instance.id(), cipher::encrypt));
        redis.set(keys.instance(instance.id()), Json.toString(sealed));
        redis.sadd(keys.instanceIds(), Long.toString(instance.id()));
        redis.zadd(organizationIndex(instance.organization()), instance.id(), Long.toString(instance.id()));
        if (instance.tokenHash() != null) {
            redis.set(keys.instanceByToken(instance.tokenHash()), Long.toString(instance.id()));
        }
    }

    public Optional<StoredInstance> find(long id) {
        return Optional.ofNullable(redis.get(keys.instance(id))).map(this::open);
    }

    public Optional<StoredInstance> findByTokenHash(String tokenHash) {
        String id = redis.get(keys.instanceByToken(tokenHash));
        return id == null ? Optional.empty() : find(Long.parseLong(id));
    }

    public List<StoredInstance> all() {
        List<StoredInstance> all = new ArrayList<>();
        forEach(all::add);
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    /**
     * Visits every instance, reading a batch at a time in one round trip each: a scheduler replica with
     * 100,000 instances must not hold them all in memory at once.
     *
     * @return how many instances were visited
     */
    public int forEach(Consumer<StoredInstance> visitor) {
        List<String> ids = new ArrayList<>(redis.smembers(keys.instanceIds()));
        int visited = 0;
        for (int from = 0; from < ids.size(); from += SCAN_BATCH) {
            List<Response<String>> documents = new ArrayList<>();
            try (Pipeline pipeline = redis.pipelined()) {
                ids.subList(from, Math.min(from + SCAN_BATCH, ids.size()))
                        .forEach(id -> documents.add(pipeline.get(keys.instance(Long.parseLong(id)))));
                pipeline.sync();
            }
            for (Response<String> document : documents) {
                if (document.get() != null) {
                    visitor.accept(open(document.get()));
                    visited++;
                }
            }
        }
        return visited;
    }

    /** One page of an organization's instances, by ascending id. */
    public List<StoredInstance> page(String organization, long offset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return redis.zrange(organizationIndex(organization), offset, offset + limit - 1).stream()
                .map(id -> find(Long.parseLong(id)).orElse(null))
                .filter(Objects::nonNull)
                .toList();
    }

    public long count(String organization) {
        return redis.zcard(organizationIndex(organization));
    }

    public void delete(StoredInstance instance) {
        redis.srem(keys.instanceIds(), Long.toString(instance.id()));
        redis.zrem(organizationIndex(instance.organization()), Long.toString(instance.id()));
        if (instance.tokenHash() != null) {
            redis.del(keys.instanceByToken(instance.tokenHash()));
        }
        redis.del(keys.instance(instance.id()));
    }

    /**
     * Re-seals every instance whose secrets are in plaintext (written before encryption) or under a key other
     * than the current one, so retiring an old key only needs one scheduler start. Returns how many changed.
     */
    public int resealStale() {
        int resealed = 0;
        for (String id : redis.smembers(keys.instanceIds())) {
            String json = redis.get(keys.instance(Long.parseLong(id)));
            if (json != null && hasStaleSecret(Json.fromString(json, StoredInstance.class).configuration())) {
                save(open(json));
                resealed++;
            }
        }
        return resealed;
    }

    private StoredInstance open(String json) {
        StoredInstance stored = Json.fromString(json, StoredInstance.class);
        return stored.withConfiguration(transform(stored.configuration(), stored.id(), cipher::decrypt));
    }

    private boolean hasStaleSecret(ObjectNode configuration) {
        for (Iterator<Map.Entry<String, JsonNode>> it = configuration.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (SecretFields.isSecret(field.getKey()) && field.getValue().isTextual() && !cipher.isCurrent(field.getValue().asText())) {
                return true;
            }
        }
        return false;
    }

    /** A copy with every textual secret value passed through {@code change(value, context)}. */
    private static ObjectNode transform(ObjectNode configuration, long id, BiFunction<String, String, String> change) {
        if (configuration == null) {
            return null;
        }
        ObjectNode copy = configuration.deepCopy();
        configuration.fields().forEachRemaining(field -> {
            if (SecretFields.isSecret(field.getKey()) && field.getValue().isTextual()) {
                copy.put(field.getKey(), change.apply(field.getValue().asText(), "instance/" + id + "/" + field.getKey()));
            }
        });
        return copy;
    }

    private String organizationIndex(String organization) {
        return keys.prefix() + "org-instances:" + organization;
    }
}
