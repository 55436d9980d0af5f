package com.sage200events.common.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.RedisKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;

/**
 * The delivery log: per notification its status, attempts (status code, latency, time) and next attempt;
 * per instance the most recent notifications. Bounded in size ({@link #RECENT_PER_INSTANCE},
 * {@link #ATTEMPTS_KEPT}) and age ({@link #KEEP}). The dispatcher writes it in pipelines it batches; the
 * API reads it.
 */
public final class DeliveryLog {

    public static final int RECENT_PER_INSTANCE = 1000;
    public static final int ATTEMPTS_KEPT = 20;
    public static final Duration KEEP = Duration.ofDays(7);

    private static final TypeReference<List<Map<String, String>>> EVENT_LIST = new TypeReference<>() { };

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public DeliveryLog(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Records that a notification arrived; a repeat (re-poll, redelivery) keeps its first time and status. */
    public void received(PipeliningBase p, EventNotification n, Instant at) {
        String key = keys.delivery(n.notificationId());
        p.hsetnx(key, "status", DeliveryStatus.NEW.name());
        p.hsetnx(key, "firstSeenAt", at.toString());
        p.hset(key, Map.of("instanceId", Long.toString(n.instanceId()), "objectType", n.objectType(), "events", summary(n)));
        p.expire(key, KEEP.toSeconds());
        String recent = keys.recentDeliveries(n.instanceId());
        p.zadd(recent, at.toEpochMilli(), n.notificationId(), ZAddParams.zAddParams().nx());
        p.zremrangeByRank(recent, 0, -(RECENT_PER_INSTANCE + 1));
        p.expire(recent, KEEP.toSeconds());
    }

    /** Records one attempt and the status it leads to; {@code nextAttemptAt} only with {@link DeliveryStatus#RETRY}. */
    public void attempted(PipeliningBase p, String notificationId, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        String key = keys.delivery(notificationId);
        p.hincrBy(key, "attempts", 1);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", status.name());
        fields.put("lastAttemptAt", attempt.at().toString());
        fields.put("lastStatusCode", Integer.toString(attempt.statusCode()));
        fields.put("lastLatencyMs", Long.toString(attempt.latencyMs()));
        fields.put("lastError", attempt.error() == null ? "" : attempt.error());
        fields.put("nextAttemptAt", nextAttemptAt == null ? "" : nextAttemptAt.toString());
        p.hset(key, fields);
        p.expire(key, KEEP.toSeconds());
        String attempts = keys.deliveryAttempts(notificationId);
        p.rpush(attempts, Json.toString(attempt));
        p.ltrim(attempts, -ATTEMPTS_KEPT, -1);
        p.expire(attempts, KEEP.toSeconds());
    }

    /** The status moves without an attempt, e.g. a redelivery asked through the API. */
    public void statusChanged(PipeliningBase p, String notificationId, DeliveryStatus status, Instant nextAttemptAt) {
        p.hset(keys.delivery(notificationId), Map.of("status", status.name(),
                "nextAttemptAt", nextAttemptAt == null ? "" : nextAttemptAt.toString()));
    }

    /** Keeps a parked notification's payload so the API can redeliver it without reading the DLQ topic. */
    public void parked(PipeliningBase p, String notificationId, String notificationJson, String reason) {
        p.set(keys.parkedNotification(notificationId), notificationJson,
                SetParams.setParams().ex(KEEP.toSeconds()));
        p.hset(keys.delivery(notificationId), "parkedReason", reason);
    }

    /** A delivered notification needs its parked payload no longer. */
    public void unparked(PipeliningBase p, String notificationId) {
        p.del(keys.parkedNotification(notificationId));
        p.hset(keys.delivery(notificationId), "parkedReason", "");
    }

    public Optional<String> parkedPayload(String notificationId) {
        return Optional.ofNullable(redis.get(keys.parkedNotification(notificationId)));
    }

    /** The newest notifications of an instance, newest first, optionally only those in {@code status}. */
    public List<DeliveryRecord> recent(long instanceId, int limit, DeliveryStatus status) {
        List<String> ids = redis.zrevrange(keys.recentDeliveries(instanceId), 0, RECENT_PER_INSTANCE - 1);
        List<DeliveryRecord> records = new ArrayList<>();
        int chunk = 200;
        for (int from = 0; from < ids.size() && records.size() < limit; from += chunk) {
            for (DeliveryRecord record : read(ids.subList(from, Math.min(ids.size(), from + chunk)))) {
                if (record.instanceId() == instanceId && (status == null || record.status() == status) && records.size() < limit) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    public Optional<DeliveryRecord> find(String notificationId) {
        return read(List.of(notificationId)).stream().findFirst();
    }

    private List<DeliveryRecord> read(List<String> ids) {
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        List<Response<List<String>>> attempts = new ArrayList<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (String id : ids) {
                hashes.add(p.hgetAll(keys.delivery(id)));
                attempts.add(p.lrange(keys.deliveryAttempts(id), 0, -1));
            }
            p.sync();
        }
        List<DeliveryRecord> records = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> h = hashes.get(i).get();
            if (h.isEmpty() || h.get("status") == null) {
                continue;
            }
            List<DeliveryAttempt> log = attempts.get(i).get().stream().map(a -> Json.fromString(a, DeliveryAttempt.class)).toList();
            records.add(new DeliveryRecord(ids.get(i), Long.parseLong(h.getOrDefault("instanceId", "0")),
                    DeliveryStatus.valueOf(h.get("status")), h.get("objectType"), events(h.get("events")),
                    Integer.parseInt(h.getOrDefault("attempts", "0")), instant(h.get("firstSeenAt")),
                    instant(h.get("nextAttemptAt")), blankToNull(h.get("parkedReason")), log));
        }
        return records;
    }

    private static String summary(EventNotification n) {
        List<Map<String, String>> events = new ArrayList<>(n.events().size());
        for (Event e : n.events()) {
            events.add(Map.of("eventId", e.eventId(), "eventType", e.eventType(), "objectId", e.objectId()));
        }
        return Json.toString(events);
    }

    private static List<Map<String, String>> events(String json) {
        return json == null ? List.of() : Json.mapper().convertValue(Json.tree(json), EVENT_LIST);
    }

    private static Instant instant(String text) {
        return text == null || text.isEmpty() ? null : Instant.parse(text);
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
