package com.sage200events.common.redis;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;

/**
 * The whole-resource operations on a poller's state (cursor, seen set, lease, status, pending), for the control
 * plane: where a resource starts, what the API shows of it, and forgetting it. The worker's per-poll reads and
 * writes are {@link CursorStore}, {@link PollStatusStore} and {@link PollLeases}; all four share one hash tag per
 * (instance, resource) (DESIGN.md §7).
 */
public final class ResourceStates {

    private final JedisPooled redis;
    private final RedisKeys keys;

    ResourceStates(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Resources added to a running instance start at {@code since}: their first pass marks older changes seen
     * instead of emitting them (no history flood, DESIGN.md §4).
     */
    public void startFrom(long instanceId, Collection<String> resources, Instant since) {
        try (Pipeline pipeline = redis.pipelined()) {
            resources.forEach(r -> pipeline.hset(keys.cursor(instanceId, r), CursorStore.SINCE, Long.toString(since.toEpochMilli())));
            pipeline.sync();
        }
    }

    /**
     * What the instances API shows of a resource: the status hash as the worker wrote it, with the watermark
     * (epoch ms) shown as {@code cursor} (ISO-8601), and with {@code detectDeletes} its {@code deleteReconciliation}
     * ({@link KnownIds#view}). Empty before the first poll.
     */
    public Map<String, Object> statusView(long instanceId, String resource) {
        Map<String, Object> fields = new LinkedHashMap<>(redis.hgetAll(keys.status(instanceId, resource)));
        Object watermark = fields.remove(CursorStore.WATERMARK);
        if (watermark != null) {
            fields.put("cursor", Instant.ofEpochMilli(Long.parseLong(watermark.toString())).toString());
        }
        Map<String, Object> deletes = new KnownIds(redis, keys, instanceId, resource).view();
        if (!deletes.isEmpty()) {
            fields.put("deleteReconciliation", deletes);
        }
        return fields;
    }

    /**
     * Forgets everything kept for the resource (a deleted instance, a removed resource, or one that now reads
     * another Sage resource), so a resource added again starts from a fresh baseline.
     */
    public void dropResource(long instanceId, String resource) {
        redis.del(keys.cursor(instanceId, resource), keys.seen(instanceId, resource), keys.status(instanceId, resource),
                keys.pending(instanceId, resource), keys.lease(instanceId, resource));
        redis.del(KnownIds.keysOf(keys, instanceId, resource).toArray(String[]::new));
    }
}
