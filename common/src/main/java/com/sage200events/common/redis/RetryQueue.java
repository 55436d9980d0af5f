package com.sage200events.common.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The dispatcher's delayed retries: a Redis sorted set per shard scored by due time (epoch ms), each member
 * with a hash holding the notification and how many attempts it has had. A due entry is <em>claimed</em> by
 * moving its score a lease ahead (a visibility timeout, as in SQS), so a dispatcher that dies mid-attempt
 * loses nothing: the entry comes due again when the lease runs out. Only a final outcome removes it.
 *
 * <p>Sharded so that on Redis Cluster the queue spreads over nodes; a queue key and its entries share the
 * shard's hash tag because the claim script touches both.
 */
public final class RetryQueue {

    public static final int SHARDS = 8;

    // Claims up to ARGV[3] entries due at ARGV[1] by pushing their score to ARGV[2] (the lease's end).
    private static final String CLAIM = """
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
            return ids
            """;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public RetryQueue(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Adds or replaces an entry, due at {@code due}. */
    public void schedule(RedisBatch batch, String notificationId, String notificationJson, int attemptsMade, Instant due) {
        schedule(batch.pipeline(), notificationId, notificationJson, attemptsMade, due);
    }

    void schedule(PipeliningBase p, String notificationId, String notificationJson, int attemptsMade, Instant due) {
        int shard = shard(notificationId);
        p.hset(keys.retryEntry(shard, notificationId), Map.of(
                "notification", notificationJson, "attempts", Integer.toString(attemptsMade), "replay", "0"));
        p.zadd(keys.retryQueue(shard), due.toEpochMilli(), notificationId);
    }

    /**
     * Adds a replay (issue 14), due at {@code due}: the dispatcher tries it once, outside the retry schedule and the
     * endpoint's breaker, whatever its outcome. {@code attemptsMade} only numbers its attempt in the log.
     */
    public void scheduleReplay(RedisBatch batch, String notificationId, String notificationJson, int attemptsMade, Instant due) {
        scheduleReplay(batch.pipeline(), notificationId, notificationJson, attemptsMade, due);
    }

    void scheduleReplay(PipeliningBase p, String notificationId, String notificationJson, int attemptsMade, Instant due) {
        int shard = shard(notificationId);
        p.hset(keys.retryEntry(shard, notificationId), Map.of(
                "notification", notificationJson, "attempts", Integer.toString(attemptsMade), "replay", "1"));
        p.zadd(keys.retryQueue(shard), due.toEpochMilli(), notificationId);
    }

    /** Moves an entry already in the queue to {@code due}, recording its attempts so far. */
    public void reschedule(RedisBatch batch, String notificationId, int attemptsMade, Instant due) {
        reschedule(batch.pipeline(), notificationId, attemptsMade, due);
    }

    void reschedule(PipeliningBase p, String notificationId, int attemptsMade, Instant due) {
        int shard = shard(notificationId);
        p.hset(keys.retryEntry(shard, notificationId), "attempts", Integer.toString(attemptsMade));
        p.zadd(keys.retryQueue(shard), due.toEpochMilli(), notificationId);
    }

    /** Takes an entry out for good (delivered, parked or dropped). */
    public void remove(RedisBatch batch, String notificationId) {
        remove(batch.pipeline(), notificationId);
    }

    void remove(PipeliningBase p, String notificationId) {
        int shard = shard(notificationId);
        p.zrem(keys.retryQueue(shard), notificationId);
        p.del(keys.retryEntry(shard, notificationId));
    }

    public void removeNow(String notificationId) {
        try (AbstractPipeline p = redis.pipelined()) {
            remove(p, notificationId);
            p.sync();
        }
    }

    /** Gives claimed entries back, due at {@code now} again, unchanged otherwise (the claimer could not take them in). */
    public void release(List<Entry> entries, Instant now) {
        try (AbstractPipeline p = redis.pipelined()) {
            entries.forEach(e -> p.zadd(keys.retryQueue(shard(e.notificationId())), now.toEpochMilli(), e.notificationId()));
            p.sync();
        }
    }

    /** Claims up to {@code limit} entries per shard that are due at {@code now}, hiding them for {@code lease}. */
    public List<Entry> claimDue(Instant now, Duration lease, int limit) {
        List<Entry> claimed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            Object result = redis.eval(CLAIM, List.of(keys.retryQueue(shard)), List.of(
                    Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()), Integer.toString(limit)));
            if (result instanceof List<?> list) {
                list.forEach(id -> ids.add(id.toString()));
            }
        }
        if (ids.isEmpty()) {
            return claimed;
        }
        List<Response<Map<String, String>>> fields = new ArrayList<>(ids.size());
        try (AbstractPipeline p = redis.pipelined()) {
            ids.forEach(id -> fields.add(p.hgetAll(keys.retryEntry(shard(id), id))));
            p.sync();
        }
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> entry = fields.get(i).get();
            if (entry.get("notification") == null) {
                orphans.add(ids.get(i));
            } else {
                claimed.add(new Entry(ids.get(i), entry.get("notification"), Integer.parseInt(entry.getOrDefault("attempts", "0")),
                        "1".equals(entry.get("replay"))));
            }
        }
        if (!orphans.isEmpty()) {
            try (AbstractPipeline p = redis.pipelined()) {
                orphans.forEach(id -> remove(p, id));
                p.sync();
            }
        }
        return claimed;
    }

    /** When an entry is due next, or null when it is not queued. */
    public Instant dueAt(String notificationId) {
        Double score = redis.zscore(keys.retryQueue(shard(notificationId)), notificationId);
        return score == null ? null : Instant.ofEpochMilli(score.longValue());
    }

    public long size() {
        long total = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            total += redis.zcard(keys.retryQueue(shard));
        }
        return total;
    }

    static int shard(String notificationId) {
        return Math.floorMod(notificationId.hashCode(), SHARDS);
    }

    /**
     * A claimed entry.
     *
     * @param attemptsMade attempts already made in this delivery cycle (0 for a redelivery asked through the API)
     * @param replay       a replay asked through the API: tried once ({@link #scheduleReplay})
     */
    public record Entry(String notificationId, String notificationJson, int attemptsMade, boolean replay) {
    }
}
