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

    /**
     * For each group of event ids (one group per notification), the notification id that delivered each event,
     * or null where none did; one round trip for all groups.
     */
    public List<List<String>> deliveredBy(List<List<String>> eventIdGroups) {
        List<Response<List<String>>> answers = new ArrayList<>(eventIdGroups.size());
        try (AbstractPipeline p = redis.pipelined()) {
            for (List<String> group : eventIdGroups) {
                answers.add(p.mget(group.stream().map(keys::deliveredEvent).toArray(String[]::new)));
            }
            p.sync();
        }
        return answers.stream().map(Response::get).toList();
    }

    /** Marks the events as delivered by {@code notificationId} for {@code window}, within {@code batch}. */
    public void markDelivered(RedisBatch batch, List<String> eventIds, String notificationId, Duration window) {
        for (String eventId : eventIds) {
            batch.pipeline().set(keys.deliveredEvent(eventId), notificationId, SetParams.setParams().ex(window.toSeconds()));
        }
    }
}
