package com.sage200events.common.redis;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.StoredInstance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/** Element instances in Redis: one JSON document per instance, a set of ids, and a token index. */
public final class InstanceRepository {

    private final JedisPooled redis;
    private final RedisKeys keys;

    public InstanceRepository(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public long nextId() {
        return redis.incr(keys.instanceSequence());
    }

    public void save(StoredInstance instance) {
        redis.set(keys.instance(instance.id()), Json.toString(instance));
        redis.sadd(keys.instanceIds(), Long.toString(instance.id()));
        if (instance.tokenHash() != null) {
            redis.set(keys.instanceByToken(instance.tokenHash()), Long.toString(instance.id()));
        }
    }

    public Optional<StoredInstance> find(long id) {
        String json = redis.get(keys.instance(id));
        return json == null ? Optional.empty() : Optional.of(Json.fromString(json, StoredInstance.class));
    }

    public Optional<StoredInstance> findByTokenHash(String tokenHash) {
        String id = redis.get(keys.instanceByToken(tokenHash));
        return id == null ? Optional.empty() : find(Long.parseLong(id));
    }

    public List<StoredInstance> all() {
        return redis.smembers(keys.instanceIds()).stream()
                .map(id -> find(Long.parseLong(id)).orElse(null))
                .filter(Objects::nonNull)
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
    }

    public void delete(StoredInstance instance) {
        redis.del(keys.instance(instance.id()));
        redis.srem(keys.instanceIds(), Long.toString(instance.id()));
        if (instance.tokenHash() != null) {
            redis.del(keys.instanceByToken(instance.tokenHash()));
        }
    }
}
