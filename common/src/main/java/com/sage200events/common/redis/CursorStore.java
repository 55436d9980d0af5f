package com.sage200events.common.redis;

import com.sage200events.common.poll.PageKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The per-(instance, resource) cursor in Redis: the watermark (the highest Sage {@code date_time_updated}
 * read, bounded by Sage's own clock, in epoch ms), the seen set of {@code id|stamp} pairs inside the lookback
 * window, and the pass in progress: a poll that was interrupted keeps its window start, its previous watermark
 * and the keyset position of its last committed page, so the next poll resumes there instead of re-reading the
 * window (DESIGN §4 "Progress under faults"). A commit moves all of it at once, and only while the caller still
 * holds the poll lease, so a worker that lost its lease (a rebalance, or the instance was deleted) cannot write.
 */
public final class CursorStore {

    /** Cursor hash field: when a resource added to a running instance started (epoch ms), set by the control plane. */
    static final String SINCE = "since";
    /** Cursor and status hash field: the watermark, epoch ms. */
    static final String WATERMARK = "watermark";

    /** KEYS: cursor, seen, lease, status. ARGV: see {@link #commit}; seen marks from ARGV[16] on, in pairs. */
    private static final String COMMIT = """
            if redis.call('get', KEYS[3]) ~= ARGV[1] then return 0 end
            redis.call('hset', KEYS[1], 'watermark', ARGV[2])
            for i = 16, #ARGV, 2 do
              redis.call('zadd', KEYS[2], ARGV[i], ARGV[i + 1])
            end
            redis.call('zremrangebyscore', KEYS[2], '-inf', '(' .. ARGV[3])
            redis.call('pexpire', KEYS[3], ARGV[6])
            redis.call('hincrby', KEYS[4], 'eventsEmitted', ARGV[4])
            redis.call('hincrby', KEYS[4], 'recordsRead', ARGV[5])
            redis.call('hincrby', KEYS[4], 'unreadableDates', ARGV[11])
            redis.call('hincrby', KEYS[4], 'futureStamps', ARGV[12])
            redis.call('hincrby', KEYS[4], 'oversizedRecords', ARGV[14])
            if ARGV[13] ~= '' then redis.call('hset', KEYS[4], 'newestFutureStamp', ARGV[13]) end
            redis.call('hset', KEYS[4], 'watermark', ARGV[2])
            if ARGV[7] == '1' then
              redis.call('hset', KEYS[1], 'baseline', 'done')
              redis.call('hdel', KEYS[1], 'passStart', 'passPrevious', 'resumeAfter')
              redis.call('hdel', KEYS[4], 'catchingUpFrom')
            else
              redis.call('hset', KEYS[1], 'passStart', ARGV[8], 'passPrevious', ARGV[9], 'resumeAfter', ARGV[10])
              redis.call('hset', KEYS[4], 'catchingUpFrom', ARGV[15])
            end
            return 1
            """;

    /** KEYS: lease, status. ARGV: token, poll start. Records the start only under the lease. */
    private static final String STARTED = """
            if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('hset', KEYS[2], 'lastPollStart', ARGV[2])
            return 1
            """;

    private final JedisPooled redis;
    private final RedisKeys keys;

    public CursorStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * The cursor, the seen set, the pass in progress and any back-off in force, read in one round trip that also
     * records the poll's start in the resource status and checks the instance still exists.
     */
    public CursorState load(PollLease lease, Instant pollStart) {
        long instanceId = lease.instanceId();
        String resource = lease.resource();
        String cursorKey = keys.cursor(instanceId, resource);
        try (Pipeline pipeline = redis.pipelined()) {
            Response<List<String>> cursor = pipeline.hmget(cursorKey, "watermark", "baseline", "since", "passStart", "passPrevious",
                    "resumeAfter");
            Response<List<String>> seen = pipeline.zrange(keys.seen(instanceId, resource), 0, -1);
            Response<String> backoff = pipeline.hget(keys.status(instanceId, resource), "backoffUntil");
            Response<Boolean> exists = pipeline.exists(keys.instance(instanceId));
            pipeline.eval(STARTED, List.of(keys.lease(instanceId, resource), keys.status(instanceId, resource)),
                    List.of(lease.token(), pollStart.toString()));
            pipeline.sync();
            List<String> fields = cursor.get();
            Optional<Instant> passStart = millis(fields.get(3));
            return new CursorState(
                    millis(fields.get(0)),
                    new HashSet<>(seen.get()),
                    "done".equals(fields.get(1)),
                    millis(fields.get(2)),
                    Optional.ofNullable(backoff.get()).filter(b -> !b.isEmpty()).map(Instant::parse),
                    passStart.map(start -> new Pass(start, millis(fields.get(4)).orElseThrow(),
                            PageKey.decode(fields.get(5)).orElseThrow())),
                    exists.get());
        }
    }

    /**
     * Advances the cursor after the events of a page are acknowledged by Kafka.
     *
     * @param watermark the watermark after this page, already bounded by Sage's clock
     * @param openPass the pass this page belongs to, with the key of the page's last row (where a resumed pass goes
     *     on); null when this page ends the pass, which completes the baseline if it was one
     * @param page what the page yielded, for the status counters
     * @return false when the lease was lost: the caller must stop polling this resource
     */
    public boolean commit(PollLease lease, Instant watermark, Pass openPass, List<SeenMark> marks, Instant pruneBefore, PageTotals page,
                   Duration leaseTtl) {
        boolean lastPage = openPass == null;
        List<String> args = new ArrayList<>(15 + marks.size() * 2);
        args.add(lease.token());
        args.add(Long.toString(watermark.toEpochMilli()));
        args.add(Long.toString(pruneBefore.toEpochMilli()));
        args.add(Integer.toString(page.events()));
        args.add(Integer.toString(page.records()));
        args.add(Long.toString(leaseTtl.toMillis()));
        args.add(lastPage ? "1" : "0");
        args.add(lastPage ? "" : Long.toString(openPass.windowStart().toEpochMilli()));
        args.add(lastPage ? "" : Long.toString(openPass.previousWatermark().toEpochMilli()));
        args.add(lastPage ? "" : openPass.resumeAfter().encode());
        args.add(Integer.toString(page.unreadable()));
        args.add(Integer.toString(page.futureStamps()));
        args.add(page.newestFutureStamp() == null ? "" : page.newestFutureStamp());
        args.add(Integer.toString(page.oversized()));
        args.add(lastPage ? "" : openPass.resumeAfter().describe());
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

    private static Optional<Instant> millis(String text) {
        return Optional.ofNullable(text).filter(t -> !t.isEmpty()).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms)));
    }

    /**
     * What {@link #load} returns.
     *
     * @param baselineDone whether a poll has once read every page: until then, changes older than the
     *     resource's start are marked seen without being emitted (no history flood)
     * @param since when the resource started, if it was added after the instance (set by the scheduler)
     * @param passInProgress the pass an earlier poll began and did not finish, to resume
     * @param instanceExists false when the instance was deleted: the poll must leave no state behind
     */
    public record CursorState(Optional<Instant> watermark, Set<String> seen, boolean baselineDone, Optional<Instant> since,
                       Optional<Instant> backoffUntil, Optional<Pass> passInProgress, boolean instanceExists) {
    }

    /**
     * One pass over the window, possibly spread over several polls.
     *
     * @param windowStart where the pass's query starts (its previous watermark minus lookback and poll delay)
     * @param previousWatermark the watermark when the pass began, which classification compares creation with
     * @param resumeAfter the last row committed so far, where the pass goes on
     */
    public record Pass(Instant windowStart, Instant previousWatermark, PageKey resumeAfter) {
    }

    /** The counts of one committed page, for the resource status. */
    public record PageTotals(int records, int events, int unreadable, int futureStamps, String newestFutureStamp, int oversized) {
    }

    /** One (record id, updated stamp) pair already handled. */
    public record SeenMark(String objectId, Instant updated) {
        public String member() {
            return objectId + "|" + updated.toEpochMilli();
        }
    }
}
