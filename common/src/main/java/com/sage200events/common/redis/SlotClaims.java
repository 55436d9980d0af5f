package com.sage200events.common.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Schedule slot claims: which scheduler replica publishes a resource's slot (DESIGN.md §7, "replicas must not
 * double-publish a slot"), and the resource's {@code pending} mark, set with the claim and cleared when the poll
 * ends ({@link PollStatusStore}), so slots do not pile up behind a slow Sage.
 */
public final class SlotClaims {

    /** KEYS: slot, pending. ARGV: claim ttl ms, pending ttl ms, slot epoch ms. */
    private static final String CLAIM = """
            if redis.call('exists', KEYS[1]) == 1 then return 'taken' end
            if redis.call('exists', KEYS[2]) == 1 then return 'pending' end
            redis.call('set', KEYS[1], '1', 'PX', ARGV[1])
            redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[2])
            return 'claimed'
            """;

    /** What a claim found. */
    public enum Claim { CLAIMED, TAKEN, PENDING }

    private final JedisPooled redis;
    private final RedisKeys keys;

    SlotClaims(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Claims one slot of each resource in one round trip.
     *
     * @param claimTtl how long a claim blocks other replicas (outlive two intervals, so a late replica cannot re-claim)
     * @param pendingTtl how long {@code pending} holds if the poll never ends (its worker died)
     * @return one answer per resource, in order: {@code CLAIMED} (publish it), {@code TAKEN} (another replica
     *     did) or {@code PENDING} (the resource's previous task still waits or runs)
     */
    public List<Claim> claimSlot(long instanceId, List<String> resources, Instant slot, Duration claimTtl, Duration pendingTtl) {
        List<Response<Object>> answers = new ArrayList<>(resources.size());
        try (Pipeline pipeline = redis.pipelined()) {
            for (String resource : resources) {
                answers.add(pipeline.eval(CLAIM,
                        List.of(keys.slot(instanceId, resource, slot.toEpochMilli()), keys.pending(instanceId, resource)),
                        List.of(Long.toString(claimTtl.toMillis()), Long.toString(pendingTtl.toMillis()),
                                Long.toString(slot.toEpochMilli()))));
            }
            pipeline.sync();
        }
        return answers.stream().map(a -> Claim.valueOf(a.get().toString().toUpperCase(java.util.Locale.ROOT))).toList();
    }

    /** A claimed task that Kafka did not take is not pending: the next slot may try again. */
    public void releasePending(long instanceId, List<String> resources) {
        if (resources.isEmpty()) {
            return;
        }
        try (Pipeline pipeline = redis.pipelined()) {
            resources.forEach(r -> pipeline.del(keys.pending(instanceId, r)));
            pipeline.sync();
        }
    }
}
