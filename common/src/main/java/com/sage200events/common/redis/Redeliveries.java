package com.sage200events.common.redis;

import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.delivery.DeliveryStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sends notifications again on request, through the retry queue, so the dispatcher's one delivery path signs and
 * isolates them (DESIGN.md §6):
 * <ul>
 *   <li>a <em>parked</em> notification ({@code QUEUED}) asked for by id goes back on the retry schedule, due now;</li>
 *   <li>any other settled notification ({@code DELIVERED}), and every settled one a {@link #replaySince range replay}
 *       finds, is <em>replayed</em>: tried once, signed afresh, marked {@code replay} in the attempt log, outside the
 *       endpoint's breaker and 410 handling (issue 14).</li>
 * </ul>
 * Notifications still on their way ({@code NEW}, {@code RETRY}) are left alone. A payload is there while the
 * {@link DeliveryRetention} keeps the notification (a parked one's also for that long after it was parked).
 */
public final class Redeliveries {

    private final UnifiedJedis redis;
    private final DeliveryLog deliveryLog;
    private final RetryQueue retryQueue;

    public Redeliveries(UnifiedJedis redis, RedisKeys keys) {
        this(redis, keys, DeliveryRetention.shared());
    }

    public Redeliveries(UnifiedJedis redis, RedisKeys keys, DeliveryRetention retention) {
        this.redis = redis;
        this.deliveryLog = new DeliveryLog(redis, keys, retention);
        this.retryQueue = new RetryQueue(redis, keys);
    }

    /** What the delivery log keeps, and so what can be replayed. */
    public DeliveryRetention retention() {
        return deliveryLog.retention();
    }

    /** What a redelivery request found. */
    public enum Result {
        /** A parked notification is back on the retry schedule. */
        SCHEDULED,
        /** A delivered notification is being replayed once. */
        REPLAYING,
        NOT_FOUND,
        /** Still on its way ({@code NEW} or {@code RETRY}): its own delivery is not finished. */
        IN_FLIGHT,
        /** Known to the log, but its payload is past the retention. */
        PAYLOAD_EXPIRED
    }

    /** Redelivers one notification of {@code instanceId}: a parked one on schedule, a delivered one as a replay. */
    public Result redeliver(long instanceId, String notificationId, Instant now) {
        Optional<DeliveryRecord> record = deliveryLog.find(notificationId).filter(r -> r.instanceId() == instanceId);
        if (record.isEmpty()) {
            return Result.NOT_FOUND;
        }
        if (!settled(record.get())) {
            return Result.IN_FLIGHT;
        }
        boolean parked = record.get().status() == DeliveryStatus.QUEUED;
        Optional<String> payload = retained(record.get(), now) ? payload(instanceId, notificationId, parked) : Optional.empty();
        if (payload.isEmpty()) {
            return Result.PAYLOAD_EXPIRED;
        }
        try (AbstractPipeline p = redis.pipelined()) {
            if (parked) {
                retryQueue.schedule(p, notificationId, payload.get(), 0, now);
                deliveryLog.statusChanged(p, notificationId, DeliveryStatus.RETRY, now);
            } else {
                replay(p, record.get(), payload.get(), now);
            }
            p.sync();
        }
        return parked ? Result.SCHEDULED : Result.REPLAYING;
    }

    /** Puts every parked notification of {@code instanceId} still in the log back on schedule; returns their ids. */
    public List<String> redeliverAll(long instanceId, Instant now) {
        List<String> scheduled = new ArrayList<>();
        for (DeliveryRecord record : deliveryLog.recent(instanceId, DeliveryLog.RECENT_PER_INSTANCE, DeliveryStatus.QUEUED)) {
            if (redeliver(instanceId, record.notificationId(), now) == Result.SCHEDULED) {
                scheduled.add(record.notificationId());
            }
        }
        return scheduled;
    }

    /**
     * Replays, once each, every settled notification ({@code DELIVERED} or {@code QUEUED}) of {@code instanceId} that the
     * dispatcher first received in {@code [since, until)} and whose payload the log still holds; returns their ids,
     * oldest first. Parked ones are replayed too (once, not on schedule): the receiver asked for everything in range.
     */
    public List<String> replaySince(long instanceId, Instant since, Instant until, Instant now) {
        Instant oldestKept = now.minus(deliveryLog.retention().keep());
        List<String> ids = deliveryLog.receivedBetween(instanceId, since.isBefore(oldestKept) ? oldestKept : since, until);
        Map<String, String> kept = deliveryLog.payloads(instanceId, ids);
        List<String> replaying = new ArrayList<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (DeliveryRecord record : deliveryLog.find(ids)) {
                if (record.instanceId() != instanceId || !settled(record)) {
                    continue;
                }
                Optional<String> payload = Optional.ofNullable(kept.get(record.notificationId()))
                        .or(() -> record.status() == DeliveryStatus.QUEUED ? deliveryLog.parkedPayload(record.notificationId()) : Optional.empty());
                if (payload.isPresent()) {
                    replay(p, record, payload.get(), now);
                    replaying.add(record.notificationId());
                }
            }
            p.sync();
        }
        return replaying;
    }

    private void replay(AbstractPipeline p, DeliveryRecord record, String payload, Instant now) {
        retryQueue.scheduleReplay(p, record.notificationId(), payload, record.attempts(), now);
        deliveryLog.replayRequested(p, record.notificationId(), now);
    }

    private Optional<String> payload(long instanceId, String notificationId, boolean parked) {
        Optional<String> kept = deliveryLog.payload(instanceId, notificationId);
        return kept.isPresent() || !parked ? kept : deliveryLog.parkedPayload(notificationId);
    }

    /** Within the age bound: the payload hash is trimmed by age only when the instance receives more, so look here too. */
    private boolean retained(DeliveryRecord record, Instant now) {
        return record.firstSeenAt() == null || record.firstSeenAt().isAfter(now.minus(deliveryLog.retention().keep()));
    }

    private static boolean settled(DeliveryRecord record) {
        return record.status() == DeliveryStatus.DELIVERED || record.status() == DeliveryStatus.QUEUED;
    }
}
