package com.sage200events.common.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import redis.clients.jedis.JedisPooled;

/**
 * What the delete reconciliation of one (instance, resource) keeps in Redis (DESIGN §4 "Deletions"), all under the
 * resource's hash tag:
 * <ul>
 *   <li>{@code known-ids}: the ids the worker has delivered or baselined, as {@link IdChunks} (about one bit an id for
 *       Sage's sequential ids; {@code docs/BENCHMARKS.md} has the measured figure);</li>
 *   <li>{@code known-records} and {@code known-records-order}: the last version delivered of the
 *       {@link #KEEP_RECORDS} most recently delivered records ({@code <updated epoch ms>|<json>}), so a DELETED event
 *       can carry it;</li>
 *   <li>{@code known-meta}: {@code pollsSince} (successful polls since the last complete reconciliation),
 *       {@code reconciled} (how many reconciliations completed), and of the last one {@code reconciledAt},
 *       {@code lastIdsInSage} and {@code lastDeleted}.</li>
 * </ul>
 * Every write checks the caller's poll lease token, as the cursor's do, so a worker that lost the lease writes nothing.
 */
public final class KnownIds {

    /** Delivered versions kept per resource for DELETED events; older ones give way (their DELETED carries id and time). */
    public static final int KEEP_RECORDS = 1_000;
    private static final int HSET_BATCH = 512;

    /** KEYS: lease, ids, records, order. ARGV: token, keep, n chunks, then chunk pairs, then (id, ms, value) triples. */
    private static final String RECORD = """
            if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
            local chunks = tonumber(ARGV[3])
            local i = 4
            for c = 1, chunks do
              redis.call('hset', KEYS[2], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            while i <= #ARGV do
              redis.call('hset', KEYS[3], ARGV[i], ARGV[i + 2])
              redis.call('zadd', KEYS[4], ARGV[i + 1], ARGV[i])
              i = i + 3
            end
            local excess = redis.call('zcard', KEYS[4]) - tonumber(ARGV[2])
            if excess > 0 then
              local old = redis.call('zrange', KEYS[4], 0, excess - 1)
              for _, id in ipairs(old) do redis.call('hdel', KEYS[3], id) end
              redis.call('zremrangebyrank', KEYS[4], 0, excess - 1)
            end
            return 1
            """;

    /** KEYS: lease, ids, ids-next, records, order, meta. ARGV: token, now, ids in Sage, then the deleted ids. */
    private static final String REPLACE = """
            if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
            if redis.call('exists', KEYS[3]) == 1 then
              redis.call('rename', KEYS[3], KEYS[2])
            else
              redis.call('del', KEYS[2])
            end
            for i = 4, #ARGV do
              redis.call('hdel', KEYS[4], ARGV[i])
              redis.call('zrem', KEYS[5], ARGV[i])
            end
            redis.call('hset', KEYS[6], 'pollsSince', 0, 'reconciledAt', ARGV[2], 'lastIdsInSage', ARGV[3], 'lastDeleted', #ARGV - 3)
            redis.call('hincrby', KEYS[6], 'reconciled', 1)
            return 1
            """;

    /** KEYS: lease. ARGV: token, ttl ms. */
    private static final String HOLD = """
            if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('pexpire', KEYS[1], ARGV[2])
            return 1
            """;

    private final JedisPooled redis;
    private final RedisKeys keys;
    private final long instanceId;
    private final String resource;

    KnownIds(JedisPooled redis, RedisKeys keys, long instanceId, String resource) {
        this.redis = redis;
        this.keys = keys;
        this.instanceId = instanceId;
        this.resource = resource;
    }

    /** Every key this class writes for the resource: what {@link ResourceStates#dropResource} drops with the rest. */
    static List<String> keysOf(RedisKeys keys, long instanceId, String resource) {
        return List.of("ids", "ids-next", "records", "records-order", "meta").stream()
                .map(part -> keys.knownIds(instanceId, resource, part)).toList();
    }

    /**
     * Which of {@code ids} are known, and whether a reconciliation has ever completed (before that, an unknown id
     * means nothing: the set holds only what polls delivered since {@code detectDeletes} was turned on).
     */
    public Lookup lookup(Collection<Long> ids) {
        TreeSet<Long> chunkNumbers = new TreeSet<>();
        ids.forEach(id -> chunkNumbers.add(IdChunks.chunkOf(id)));
        List<byte[]> values = chunkNumbers.isEmpty() ? List.of()
                : redis.hmget(bytes(key("ids")), chunkNumbers.stream().map(c -> bytes(Long.toString(c))).toArray(byte[][]::new));
        Map<Long, byte[]> chunks = new HashMap<>();
        int i = 0;
        for (Long chunk : chunkNumbers) {
            chunks.put(chunk, values.get(i++));
        }
        boolean reconciled = redis.hget(key("meta"), "reconciled") != null;
        return new Lookup(chunks, reconciled);
    }

    /**
     * Records ids as delivered or baselined, and the delivered versions of some (bounded by {@link #KEEP_RECORDS}).
     *
     * @param delivered id → (updated epoch ms, record JSON as delivered)
     * @return false when the lease was lost: nothing was written
     */
    public boolean record(String leaseToken, Collection<Long> ids, Map<Long, KeptRecord> delivered) {
        Lookup current = lookup(ids);
        Map<Long, List<Integer>> lows = new LinkedHashMap<>();
        ids.forEach(id -> lows.computeIfAbsent(IdChunks.chunkOf(id), c -> new ArrayList<>()).add(IdChunks.lowOf(id)));
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(leaseToken));
        args.add(bytes(Integer.toString(KEEP_RECORDS)));
        args.add(bytes(Integer.toString(lows.size())));
        lows.forEach((chunk, add) -> {
            args.add(bytes(Long.toString(chunk)));
            args.add(IdChunks.add(current.chunks.get(chunk), add.stream().mapToInt(Integer::intValue).toArray()));
        });
        delivered.forEach((id, kept) -> {
            args.add(bytes(Long.toString(id)));
            args.add(bytes(Long.toString(kept.updatedMillis())));
            args.add(bytes(kept.updatedMillis() + "|" + kept.json()));
        });
        Object result = redis.eval(bytes(RECORD), List.of(bytes(keys.lease(instanceId, resource)), bytes(key("ids")),
                bytes(key("records")), bytes(key("records-order"))), args);
        return Long.valueOf(1L).equals(result);
    }

    /** Counts one successful poll; returns how many there have been since the last complete reconciliation. */
    public long countPoll() {
        return redis.hincrBy(key("meta"), "pollsSince", 1);
    }

    /** How many reconciliations have completed: the number of the next one is this plus one. */
    public long reconciled() {
        String value = redis.hget(key("meta"), "reconciled");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Every known id, ascending (the whole set is read: for 1,000,000 sequential ids about 125 KB). */
    public IdChunks.IdList all() {
        Map<byte[], byte[]> hash = redis.hgetAll(bytes(key("ids")));
        Map<Long, byte[]> sorted = new java.util.TreeMap<>();
        hash.forEach((field, chunk) -> sorted.put(Long.parseLong(new String(field, StandardCharsets.US_ASCII)), chunk));
        IdChunks.IdList ids = new IdChunks.IdList();
        sorted.forEach((chunk, bits) -> IdChunks.forEachId(chunk, bits, ids::append));
        return ids;
    }

    /** The kept delivered versions of {@code ids}, where kept. */
    public Map<Long, KeptRecord> kept(List<Long> ids) {
        Map<Long, KeptRecord> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += HSET_BATCH) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + HSET_BATCH));
            List<String> values = redis.hmget(key("records"), batch.stream().map(String::valueOf).toArray(String[]::new));
            for (int i = 0; i < batch.size(); i++) {
                String value = values.get(i);
                if (value != null) {
                    int bar = value.indexOf('|');
                    found.put(batch.get(i), new KeptRecord(Long.parseLong(value.substring(0, bar)), value.substring(bar + 1)));
                }
            }
        }
        return found;
    }

    /** Extends the poll lease while a long reconciliation runs; false when it was lost. */
    public boolean holdLease(String leaseToken, java.time.Duration ttl) {
        return Long.valueOf(1L).equals(redis.eval(HOLD, List.of(keys.lease(instanceId, resource)),
                List.of(leaseToken, Long.toString(ttl.toMillis()))));
    }

    /**
     * Ends a reconciliation whose DELETED events the broker has acknowledged: the known ids become exactly
     * {@code inSage} (what it read), the kept versions of {@code deleted} go, the poll count restarts and the
     * reconciliation count grows by one, the switch in one script.
     *
     * @return false when the lease was lost: the known ids are unchanged and the same reconciliation runs again
     */
    public boolean replace(String leaseToken, IdChunks.IdList inSage, List<Long> deleted, Instant now) {
        String next = key("ids-next");
        redis.del(next);
        Map<byte[], byte[]> batch = new HashMap<>();
        for (Map.Entry<Long, byte[]> chunk : IdChunks.encode(inSage.array(), inSage.size()).entrySet()) {
            batch.put(bytes(Long.toString(chunk.getKey())), chunk.getValue());
            if (batch.size() == HSET_BATCH) {
                redis.hset(bytes(next), batch);
                batch = new HashMap<>();
            }
        }
        if (!batch.isEmpty()) {
            redis.hset(bytes(next), batch);
        }
        List<String> args = new ArrayList<>(deleted.size() + 2);
        args.add(leaseToken);
        args.add(now.toString());
        args.add(Integer.toString(inSage.size()));
        deleted.forEach(id -> args.add(Long.toString(id)));
        Object result = redis.eval(REPLACE, List.of(keys.lease(instanceId, resource), key("ids"), next, key("records"),
                key("records-order"), key("meta")), args);
        return Long.valueOf(1L).equals(result);
    }

    /**
     * What the resource status shows of the reconciliations ({@code GET /instances/{id}/status}): {@code reconciled}
     * (how many completed), {@code pollsSinceReconciled}, and of the last one {@code reconciledAt}, {@code idsInSage}
     * and {@code deleted}. Empty without {@code detectDeletes}.
     */
    public Map<String, Object> view() {
        Map<String, String> meta = redis.hgetAll(key("meta"));
        Map<String, Object> view = new LinkedHashMap<>();
        if (meta.isEmpty()) {
            return view;
        }
        view.put("reconciled", Long.parseLong(meta.getOrDefault("reconciled", "0")));
        view.put("pollsSinceReconciled", Long.parseLong(meta.getOrDefault("pollsSince", "0")));
        if (meta.containsKey("reconciledAt")) {
            view.put("reconciledAt", meta.get("reconciledAt"));
            view.put("idsInSage", Long.parseLong(meta.get("lastIdsInSage")));
            view.put("deleted", Long.parseLong(meta.get("lastDeleted")));
        }
        return view;
    }

    /** Bytes the known-ids set takes in Redis ({@code MEMORY USAGE}), for the benchmark. */
    public long memoryBytes() {
        Long bytes = redis.memoryUsage(key("ids"));
        return bytes == null ? 0 : bytes;
    }

    private String key(String part) {
        return keys.knownIds(instanceId, resource, part);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A delivered version kept for a DELETED event: its {@code date_time_updated} in epoch ms and its JSON. */
    public record KeptRecord(long updatedMillis, String json) {
    }

    /** Which ids of a page are known. */
    public static final class Lookup {
        private final Map<Long, byte[]> chunks;
        private final boolean reconciled;

        Lookup(Map<Long, byte[]> chunks, boolean reconciled) {
            this.chunks = chunks;
            this.reconciled = reconciled;
        }

        /** Whether a reconciliation has completed, so that an unknown id is one Sage did not have then. */
        public boolean reconciled() {
            return reconciled;
        }

        public boolean isKnown(long id) {
            return IdChunks.contains(chunks.get(IdChunks.chunkOf(id)), IdChunks.lowOf(id));
        }
    }
}
