package com.sage200events.worker.internal;

import com.sage200events.common.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.Pipeline;

/**
 * The per-(instance, resource) cursor in Redis: the watermark (the highest Sage {@code date_time_updated}
 * read, in epoch ms) and the seen set of {@code id|stamp} pairs inside the lookback window. A commit moves
 * both at once, and only while the caller still holds the poll lease, so a worker that lost its lease during
 * a rebalance cannot move a cursor that another worker now owns.
 */
final class CursorStore {

    /** Watermark never goes backwards; seen entries older than the next window are pruned. */
    private static final String COMMIT = """
            if redis.call('get', KEYS[3]) ~= ARGV[1] then return 0 end
            local current = tonumber(redis.call('hget', KEYS[1], 'watermark') or '-1')
            local proposed = tonumber(ARGV[2])
            if proposed > current then
              redis.call('hset', KEYS[1], 'watermark', ARGV[2])
              current = proposed
            end
            for i = 8, #ARGV, 2 do
              redis.call('zadd', KEYS[2], ARGV[i], ARGV[i + 1])
            end
            redis.call('zremrangebyscore', KEYS[2], '-inf', '(' .. ARGV[3])
            redis.call('pexpire', KEYS[3], ARGV[6])
            redis.call('hincrby', KEYS[4], 'eventsEmitted', ARGV[4])
            redis.call('hincrby', KEYS[4], 'recordsRead', ARGV[5])
            redis.call('hset', KEYS[4], 'watermark', tostring(current))
            if ARGV[7] == '1' then
              redis.call('hset', KEYS[1], 'baseline', 'done')
            end
            return 1
            """;

    private final JedisPooled redis;
    private final RedisKeys keys;

    CursorStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * The cursor, the seen set and any back-off in force, read in one round trip that also records the
     * poll's start in the resource status.
     */
    CursorState load(long instanceId, String resource, Instant pollStart) {
        try (Pipeline pipeline = redis.pipelined()) {
            Response<String> watermark = pipeline.hget(keys.cursor(instanceId, resource), "watermark");
            Response<String> baseline = pipeline.hget(keys.cursor(instanceId, resource), "baseline");
            Response<String> since = pipeline.hget(keys.cursor(instanceId, resource), "since");
            Response<List<String>> seen = pipeline.zrange(keys.seen(instanceId, resource), 0, -1);
            Response<String> backoff = pipeline.hget(keys.status(instanceId, resource), "backoffUntil");
            pipeline.hset(keys.status(instanceId, resource), "lastPollStart", pollStart.toString());
            pipeline.sync();
            return new CursorState(
                    Optional.ofNullable(watermark.get()).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))),
                    new HashSet<>(seen.get()),
                    "done".equals(baseline.get()),
                    Optional.ofNullable(since.get()).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))),
                    Optional.ofNullable(backoff.get()).filter(b -> !b.isEmpty()).map(Instant::parse));
        }
    }

    /**
     * Advances the cursor after the events of a page are acknowledged by Kafka.
     *
     * @param lastPage whether this page ends the poll, which completes the baseline if it was one
     * @return false when the lease was lost: the caller must stop polling this resource
     */
    boolean commit(PollLease lease, Instant watermark, List<SeenMark> marks, Instant pruneBefore,
                   int eventsEmitted, int recordsRead, Duration leaseTtl, boolean lastPage) {
        List<String> args = new ArrayList<>(7 + marks.size() * 2);
        args.add(lease.token());
        args.add(Long.toString(watermark.toEpochMilli()));
        args.add(Long.toString(pruneBefore.toEpochMilli()));
        args.add(Integer.toString(eventsEmitted));
        args.add(Integer.toString(recordsRead));
        args.add(Long.toString(leaseTtl.toMillis()));
        args.add(lastPage ? "1" : "0");
        for (SeenMark mark : marks) {
            args.add(Long.toString(mark.updated().toEpochMilli()));
            args.add(mark.member());
        }
        long id = lease.instanceId();
        String resource = lease.resource();
        Object result = redis.eval(COMMIT,
                List.of(keys.cursor(id, resource), keys.seen(id, resource), keys.lease(id, resource), keys.status(id, resource)),
                args);
        return Long.valueOf(1L).equals(result);
    }

    /** What {@link #load} returns. */
    /**
     * @param baselineDone whether a poll has once read every page: until then, changes older than the
     *     resource's start are marked seen without being emitted (no history flood)
     * @param since when the resource started, if it was added after the instance (set by the scheduler)
     */
    record CursorState(Optional<Instant> watermark, Set<String> seen, boolean baselineDone, Optional<Instant> since,
                       Optional<Instant> backoffUntil) {
    }

    /** One (record id, updated stamp) pair already handled. */
    record SeenMark(String objectId, Instant updated) {
        String member() {
            return objectId + "|" + updated.toEpochMilli();
        }
    }
}
