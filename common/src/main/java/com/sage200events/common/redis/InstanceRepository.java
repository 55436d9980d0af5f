package com.sage200events.common.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.crypto.SecretCipher;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.InstanceStatus;
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
import java.util.function.UnaryOperator;
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

    /** How often an update re-reads and re-applies after losing a race before giving up. */
    private static final int CAS_ATTEMPTS = 20;
    private static final String EVENTS_ENABLED = "event.notification.enabled";

    /*
     * KEYS: instance. ARGV: expected version, new document. 1 written, 0 someone wrote first, -1 deleted.
     * The version is the document's first field ({@link StoredInstance}'s @JsonPropertyOrder), so it is read
     * without parsing the user's configuration; documents from before versions read as version 0.
     */
    private static final String COMPARE_AND_SET = """
            local current = redis.call('GET', KEYS[1])
            if not current then return -1 end
            local version = tonumber(string.match(current, '^{"version":(%d+)')) or 0
            if version ~= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            return 1
            """;

    private static final int SCAN_BATCH = 500;

    private final JedisPooled redis;
    private final RedisKeys keys;
    private final SecretCipher cipher;

    /** With the process-wide cipher from {@code ENCRYPTION_KEYS}, as every service uses. */
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

    /**
     * Stores a new instance (version 1) and indexes it by id, organization and token hash.
     *
     * @return the record as stored
     */
    public StoredInstance create(StoredInstance instance) {
        StoredInstance stored = instance.atVersion(1);
        redis.set(keys.instance(stored.id()), seal(stored));
        redis.sadd(keys.instanceIds(), Long.toString(stored.id()));
        redis.zadd(organizationIndex(stored.organization()), stored.id(), Long.toString(stored.id()));
        if (stored.tokenHash() != null) {
            redis.set(keys.instanceByToken(stored.tokenHash()), Long.toString(stored.id()));
        }
        return stored;
    }

    /**
     * Changes an instance by compare-and-set on its version (DESIGN.md §7): {@code change} is applied to the
     * latest record and the result written only if nobody wrote in between; otherwise it is applied again to the
     * newer record. So a PATCH and a dispatcher or worker update never overwrite each other. {@code change} must
     * be free of side effects (it may run more than once); returning the record unchanged writes nothing.
     *
     * @return the record as stored now, or empty when the instance does not exist (deleted meanwhile)
     * @throws IllegalStateException when {@value #CAS_ATTEMPTS} attempts in a row all lost their race
     * @throws RuntimeException whatever {@code change} throws (a validation error, say), with nothing written
     */
    public Optional<StoredInstance> update(long id, UnaryOperator<StoredInstance> change) {
        return update(id, change, false);
    }

    /** Sets {@code event.notification.enabled}: the dispatcher's answer to a 410 Gone, or the user's switch. */
    public Optional<StoredInstance> setEventsEnabled(long id, boolean enabled) {
        return update(id, instance -> {
            if (instance.configuration().path(EVENTS_ENABLED).asBoolean(false) == enabled
                    && instance.configuration().path(EVENTS_ENABLED).isBoolean()) {
                return instance;
            }
            ObjectNode configuration = instance.configuration().deepCopy();
            configuration.put(EVENTS_ENABLED, enabled);
            return instance.withConfiguration(configuration);
        });
    }

    /** Marks the instance {@code AUTH_FAILED}: Sage refused its tokens and the user must authorize again. */
    public Optional<StoredInstance> markAuthFailed(long id, String reason) {
        return setStatus(id, InstanceStatus.AUTH_FAILED, reason);
    }

    /**
     * Marks an {@code ACTIVE} instance {@code CONFIGURATION_ERROR}: Sage has no company named {@code companyName}.
     * A record that meanwhile names another company, or is no longer {@code ACTIVE}, is left as it is: a PATCH
     * that fixed the name must not be undone by a poll that began before it.
     */
    public Optional<StoredInstance> markConfigurationError(long id, String companyName, String reason) {
        return update(id, instance -> instance.status() == InstanceStatus.ACTIVE
                && companyName.equalsIgnoreCase(instance.settings().companyName())
                ? instance.withStatus(InstanceStatus.CONFIGURATION_ERROR, reason) : instance);
    }

    /** Sets the instance's status and its reason (null when none). */
    public Optional<StoredInstance> setStatus(long id, InstanceStatus status, String reason) {
        return update(id, instance -> instance.status() == status && Objects.equals(instance.statusReason(), reason)
                ? instance : instance.withStatus(status, reason));
    }

    private Optional<StoredInstance> update(long id, UnaryOperator<StoredInstance> change, boolean always) {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<StoredInstance> current = find(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            StoredInstance next = change.apply(current.get());
            if (!always && next.equals(current.get())) {
                return current;
            }
            StoredInstance stored = next.atVersion(current.get().version() + 1);
            Object result = redis.eval(COMPARE_AND_SET, List.of(keys.instance(id)),
                    List.of(Long.toString(current.get().version()), seal(stored)));
            if (Long.valueOf(1L).equals(result)) {
                return Optional.of(stored);
            }
            if (Long.valueOf(-1L).equals(result)) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("instance " + id + " changed " + CAS_ATTEMPTS + " times while we tried to update it");
    }

    private String seal(StoredInstance instance) {
        return Json.toString(instance.withConfiguration(transform(instance.configuration(), instance.id(), cipher::encrypt)));
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
                update(Long.parseLong(id), UnaryOperator.identity(), true);
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
