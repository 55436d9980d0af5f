package com.sage200events.common.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Dedupe marks: per delivered event id, the notification that delivered it, kept for the dedupe window so that a
 * re-poll or a restart does not reach the receiver twice (DESIGN.md §6).
 */
public final class DeliveryMarks {

    private final JedisPooled redis;
    private final RedisKeys keys;

    DeliveryMarks(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Keys per {@code MGET}: a bounded command, since Redis buffers it whole. */
    private static final int KEYS_PER_CALL = 1_000;

    /**
     * For each group of event ids (one group per notification), the notification id that delivered each event,
     * or null where none did. One round trip for all groups, and one {@code MGET} per {@value #KEYS_PER_CALL} ids
     * rather than one per group: a batch of single-event notifications costs Redis a command per thousand events.
     */
    public List<List<String>> deliveredBy(List<List<String>> eventIdGroups) {
        List<String> flat = new ArrayList<>();
        for (List<String> group : eventIdGroups) {
            for (String eventId : group) {
                flat.add(keys.deliveredEvent(eventId));
            }
        }
        List<Response<List<String>>> answers = new ArrayList<>(flat.size() / KEYS_PER_CALL + 1);
        try (AbstractPipeline p = redis.pipelined()) {
            for (int from = 0; from < flat.size(); from += KEYS_PER_CALL) {
                answers.add(p.mget(flat.subList(from, Math.min(flat.size(), from + KEYS_PER_CALL)).toArray(String[]::new)));
            }
            p.sync();
        }
        List<String> values = new ArrayList<>(flat.size());
        answers.forEach(answer -> values.addAll(answer.get()));
        List<List<String>> byGroup = new ArrayList<>(eventIdGroups.size());
        int at = 0;
        for (List<String> group : eventIdGroups) {
            byGroup.add(values.subList(at, at + group.size()));
            at += group.size();
        }
        return byGroup;
    }

    /** Marks the events as delivered by {@code notificationId} for {@code window}, within {@code batch}. */
    public void markDelivered(RedisBatch batch, List<String> eventIds, String notificationId, Duration window) {
        for (String eventId : eventIds) {
            batch.pipeline().set(keys.deliveredEvent(eventId), notificationId, SetParams.setParams().ex(window.toSeconds()));
        }
    }
}
