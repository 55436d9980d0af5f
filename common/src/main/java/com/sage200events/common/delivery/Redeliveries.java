package com.sage200events.common.delivery;

import com.sage200events.common.redis.RedisKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Replays parked notifications: each goes back into the retry queue, due now, with a fresh schedule. The
 * dispatcher picks it up like any retry, so a replay gets the same signing, isolation and dedupe.
 */
public final class Redeliveries {

    private final UnifiedJedis redis;
    private final DeliveryLog deliveryLog;
    private final RetryQueue retryQueue;

    public Redeliveries(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.deliveryLog = new DeliveryLog(redis, keys);
        this.retryQueue = new RetryQueue(redis, keys);
    }

    /** What a redelivery request found. */
    public enum Result { SCHEDULED, NOT_FOUND, NOT_PARKED, PAYLOAD_EXPIRED }

    /** Replays one parked notification of {@code instanceId}. */
    public Result redeliver(long instanceId, String notificationId, Instant now) {
        Optional<DeliveryRecord> record = deliveryLog.find(notificationId).filter(r -> r.instanceId() == instanceId);
        if (record.isEmpty()) {
            return Result.NOT_FOUND;
        }
        if (record.get().status() != DeliveryStatus.QUEUED) {
            return Result.NOT_PARKED;
        }
        Optional<String> payload = deliveryLog.parkedPayload(notificationId);
        if (payload.isEmpty()) {
            return Result.PAYLOAD_EXPIRED;
        }
        try (AbstractPipeline p = redis.pipelined()) {
            retryQueue.schedule(p, notificationId, payload.get(), 0, now);
            deliveryLog.statusChanged(p, notificationId, DeliveryStatus.RETRY, now);
            p.sync();
        }
        return Result.SCHEDULED;
    }

    /** Replays every parked notification of {@code instanceId} still in the log; returns their ids. */
    public List<String> redeliverAll(long instanceId, Instant now) {
        List<String> scheduled = new ArrayList<>();
        for (DeliveryRecord record : deliveryLog.recent(instanceId, DeliveryLog.RECENT_PER_INSTANCE, DeliveryStatus.QUEUED)) {
            if (redeliver(instanceId, record.notificationId(), now) == Result.SCHEDULED) {
                scheduled.add(record.notificationId());
            }
        }
        return scheduled;
    }
}
