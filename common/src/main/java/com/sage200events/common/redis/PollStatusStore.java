package com.sage200events.common.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * What the instances API shows per (instance, resource): last poll times, last error and counters. The
 * counters that move with the cursor are written by the cursor commit itself. Every write here is fenced by the
 * poll lease and releases it in the same step, so a poll that lost its lease, or whose instance was deleted
 * meanwhile, writes nothing back.
 */
public final class PollStatusStore {

    /** KEYS: lease, status, pending. ARGV: token, failures increment, then field/value pairs. */
    private static final String FINISH = """
            if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
            for i = 3, #ARGV, 2 do
              redis.call('hset', KEYS[2], ARGV[i], ARGV[i + 1])
            end
            if ARGV[2] ~= '0' then redis.call('hincrby', KEYS[2], 'failures', ARGV[2]) end
            redis.call('del', KEYS[1], KEYS[3])
            return 1
            """;

    private final JedisPooled redis;
    private final RedisKeys keys;

    public PollStatusStore(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Records success and releases the lease in one round trip. */
    public void succeeded(PollLease lease, Instant at) {
        finish(lease, 0, Map.of("lastPollEnd", at.toString(), "lastSuccess", at.toString(), "state", "OK", "backoffUntil", ""));
    }

    /**
     * Records a failure (and a back-off when Sage asked for one) and releases the lease in one round trip.
     *
     * @param catchingUp whether the poll kept pages of a pass it will resume: the status then reads
     *     {@code CATCHING_UP} (with {@code catchingUpFrom}), not {@code FAILING}
     */
    public void failed(PollLease lease, Instant at, String kind, String message, Optional<Instant> backoffUntil, boolean catchingUp) {
        finish(lease, 1, Map.of(
                "lastPollEnd", at.toString(),
                "lastError", message,
                "lastErrorKind", kind,
                "lastErrorAt", at.toString(),
                "state", catchingUp ? "CATCHING_UP" : "FAILING",
                "backoffUntil", backoffUntil.map(Instant::toString).orElse("")));
    }

    /** Records why a task was not polled and releases the lease; its slot no longer counts as pending. */
    public void skipped(PollLease lease, Instant at, String reason) {
        finish(lease, 0, Map.of("lastSkipAt", at.toString(), "lastSkip", reason));
    }

    private void finish(PollLease lease, int failures, Map<String, String> fields) {
        List<String> args = new ArrayList<>(2 + fields.size() * 2);
        args.add(lease.token());
        args.add(Integer.toString(failures));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        redis.eval(FINISH, List.of(keys.lease(lease.instanceId(), lease.resource()), keys.status(lease.instanceId(), lease.resource()),
                keys.pending(lease.instanceId(), lease.resource())), args);
    }
}
