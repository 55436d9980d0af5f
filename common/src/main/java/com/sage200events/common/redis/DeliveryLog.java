package com.sage200events.common.redis;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
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

/**
 * The delivery log: per notification its status, attempts (status code, latency, time), next attempt and last
 * replay; per instance the most recent notifications and the payload each was sent with, so any of them can be
 * replayed (issue 14). Bounded by {@link DeliveryRetention} (age and count per instance) and
 * {@link #ATTEMPTS_KEPT}. The dispatcher writes it in pipelines it batches; the API reads it.
 */
public final class DeliveryLog {

    /** The most notifications an instance's log can hold, whatever the retention: the API's largest page. */
    public static final int RECENT_PER_INSTANCE = 1000;
    public static final int ATTEMPTS_KEPT = 20;
    /** At most this many receipts, or about {@link #CHARS_PER_CALL} characters of payload, per call of the receive script. */
    private static final int RECEIPTS_PER_CALL = 200;
    private static final long CHARS_PER_CALL = 1L << 20;

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final TypeReference<List<Map<String, String>>> EVENT_LIST = new TypeReference<>() { };

    /*
     * Adds a batch of one instance's notifications to its recent set (first receipt wins) and their payloads to its
     * payload hash, then drops from both what is older than ARGV[1] (epoch ms) or beyond the newest ARGV[2]; ARGV[3]
     * is the keys' TTL in seconds, then one (score, id, payload) triple per notification. One script per instance and
     * batch, so the set and the hash never disagree and a thousand receipts cost a handful of calls; both keys carry
     * the instance's hash tag.
     */
    private static final String RECEIVE = """
            for i = 4, #ARGV, 3 do
              redis.call('ZADD', KEYS[1], 'NX', ARGV[i], ARGV[i + 1])
              redis.call('HSETNX', KEYS[2], ARGV[i + 1], ARGV[i + 2])
            end
            local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -(tonumber(ARGV[2]) + 1))) do table.insert(gone, id) end
            for _, id in ipairs(gone) do
              redis.call('ZREM', KEYS[1], id)
              redis.call('HDEL', KEYS[2], id)
            end
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            return #gone
            """;

    /**
     * One notification's arrival, for {@link #received(RedisBatch, List)}.
     *
     * @param notificationJson the payload it is sent with, kept for replays
     * @param deliveredInBatch true when its {@link #delivered} is written in the same batch: that write then sets the
     *                         fields its {@code NEW} entry would, so the entry is not written first only to be overwritten
     */
    public record Receipt(EventNotification notification, String notificationJson, Instant at, boolean deliveredInBatch) {
    }


    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final DeliveryRetention retention;

    /** With the process's {@link DeliveryRetention#shared() retention}. */
    public DeliveryLog(UnifiedJedis redis, RedisKeys keys) {
        this(redis, keys, DeliveryRetention.shared());
    }

    public DeliveryLog(UnifiedJedis redis, RedisKeys keys, DeliveryRetention retention) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
    }

    public DeliveryRetention retention() {
        return retention;
    }

    /** Forgets an instance's lists of notifications and their payloads (the instance was deleted). */
    public void forgetInstance(long instanceId) {
        redis.del(keys.instanceDeliveries(instanceId), keys.recentDeliveries(instanceId), keys.deliveryPayloads(instanceId));
    }

    /**
     * Records that a notification arrived, with the payload it is sent with (kept for replays); a repeat
     * (re-poll, retry, redelivery) keeps its first time, status and payload.
     */
    public void received(RedisBatch batch, EventNotification n, String notificationJson, Instant at) {
        received(batch, List.of(new Receipt(n, notificationJson, at, false)));
    }

    /**
     * Records the arrival of each of {@code receipts}, as {@link #received(RedisBatch, EventNotification, String, Instant)}
     * does for one: per notification its {@code NEW} entry (unless {@link Receipt#deliveredInBatch}), per instance one
     * script for its recent set and payloads.
     */
    public void received(RedisBatch batch, List<Receipt> receipts) {
        PipeliningBase p = batch.pipeline();
        long ttl = retention.keep().toSeconds();
        Map<Long, List<Receipt>> byInstance = new LinkedHashMap<>();
        for (Receipt r : receipts) {
            if (!r.deliveredInBatch()) {
                String key = keys.delivery(r.notification().notificationId());
                p.hsetnx(key, "status", DeliveryStatus.NEW.name());
                p.hsetnx(key, "firstSeenAt", r.at().toString());
                p.hset(key, describe(r.notification()));
                p.expire(key, ttl);
            }
            byInstance.computeIfAbsent(r.notification().instanceId(), id -> new ArrayList<>()).add(r);
        }
        int kept = Math.min(retention.perInstance(), RECENT_PER_INSTANCE);
        byInstance.forEach((instanceId, ofInstance) -> {
            List<String> keysOfInstance = List.of(keys.recentDeliveries(instanceId), keys.deliveryPayloads(instanceId));
            List<Receipt> chunk = new ArrayList<>();
            long chunkChars = 0;
            for (Receipt r : ofInstance) {
                chunk.add(r);
                chunkChars += r.notificationJson().length();
                // Bounded calls: Redis buffers a whole command and runs a script without interruption.
                if (chunk.size() == RECEIPTS_PER_CALL || chunkChars >= CHARS_PER_CALL) {
                    receive(p, keysOfInstance, chunk, kept, ttl);
                    chunk.clear();
                    chunkChars = 0;
                }
            }
            if (!chunk.isEmpty()) {
                receive(p, keysOfInstance, chunk, kept, ttl);
            }
        });
    }

    private void receive(PipeliningBase p, List<String> keysOfInstance, List<Receipt> receipts, int kept, long ttl) {
        // The oldest allowed by age is measured from the newest arrival, as one script per receipt did.
        Instant newest = receipts.stream().map(Receipt::at).max(Instant::compareTo).orElseThrow();
        List<String> args = new ArrayList<>(3 + 3 * receipts.size());
        args.add(Long.toString(newest.minus(retention.keep()).toEpochMilli()));
        args.add(Integer.toString(kept));
        args.add(Long.toString(ttl));
        for (Receipt r : receipts) {
            args.add(Long.toString(r.at().toEpochMilli()));
            args.add(r.notification().notificationId());
            args.add(r.notificationJson());
        }
        p.eval(RECEIVE, keysOfInstance, args);
    }

    /**
     * Records a 2xx attempt: the notification is {@code DELIVERED} and no longer parked. With {@code receipt} (its
     * arrival is in the same batch, {@link Receipt#deliveredInBatch}) the entry's description and first-seen time are
     * written here too, so a fresh notification's whole entry costs one hash write.
     */
    public void delivered(RedisBatch batch, String notificationId, DeliveryAttempt attempt, Receipt receipt) {
        PipeliningBase p = batch.pipeline();
        String key = keys.delivery(notificationId);
        Map<String, String> fields = attemptFields(attempt, DeliveryStatus.DELIVERED, null);
        fields.put("parkedReason", "");
        if (receipt != null) {
            p.hsetnx(key, "firstSeenAt", receipt.at().toString());
            fields.putAll(describe(receipt.notification()));
        }
        writeAttempt(p, notificationId, attempt, fields);
        p.del(keys.parkedNotification(notificationId));
    }

    private static Map<String, String> describe(EventNotification n) {
        return Map.of("instanceId", Long.toString(n.instanceId()), "objectType", n.objectType(), "events", summary(n));
    }

    /**
     * Records one attempt and the status it leads to; {@code nextAttemptAt} only with {@link DeliveryStatus#RETRY};
     * {@code status} null leaves status and next attempt as they are (a failed replay).
     */
    public void attempted(RedisBatch batch, String notificationId, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        attempted(batch.pipeline(), notificationId, attempt, status, nextAttemptAt);
    }

    void attempted(PipeliningBase p, String notificationId, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        writeAttempt(p, notificationId, attempt, attemptFields(attempt, status, nextAttemptAt));
    }

    private static Map<String, String> attemptFields(DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (status != null) {
            fields.put("status", status.name());
            fields.put("nextAttemptAt", nextAttemptAt == null ? "" : nextAttemptAt.toString());
        }
        fields.put("lastAttemptAt", attempt.at().toString());
        fields.put("lastStatusCode", Integer.toString(attempt.statusCode()));
        fields.put("lastLatencyMs", Long.toString(attempt.latencyMs()));
        fields.put("lastError", attempt.error() == null ? "" : attempt.error());
        return fields;
    }

    private void writeAttempt(PipeliningBase p, String notificationId, DeliveryAttempt attempt, Map<String, String> fields) {
        String key = keys.delivery(notificationId);
        long ttl = retention.keep().toSeconds();
        p.hincrBy(key, "attempts", 1);
        p.hset(key, fields);
        p.expire(key, ttl);
        String attempts = keys.deliveryAttempts(notificationId);
        p.rpush(attempts, Json.toString(attempt));
        p.ltrim(attempts, -ATTEMPTS_KEPT, -1);
        p.expire(attempts, ttl);
    }

    /** A replay was asked for at {@code at}; the events list shows it {@code PENDING} until its attempt ends. */
    public void replayRequested(RedisBatch batch, String notificationId, Instant at) {
        replayRequested(batch.pipeline(), notificationId, at);
    }

    void replayRequested(PipeliningBase p, String notificationId, Instant at) {
        p.hset(keys.delivery(notificationId), Map.of("replay", DeliveryRecord.ReplayState.PENDING.name(),
                "replayRequestedAt", at.toString(), "replayEndedAt", ""));
    }

    /** The replay's one attempt ended at {@code at}, delivered or failed. */
    public void replayEnded(RedisBatch batch, String notificationId, boolean delivered, Instant at) {
        replayEnded(batch.pipeline(), notificationId, delivered, at);
    }

    void replayEnded(PipeliningBase p, String notificationId, boolean delivered, Instant at) {
        p.hset(keys.delivery(notificationId), Map.of("replay",
                (delivered ? DeliveryRecord.ReplayState.DELIVERED : DeliveryRecord.ReplayState.FAILED).name(), "replayEndedAt", at.toString()));
    }

    /** The status moves without an attempt, e.g. a redelivery asked through the API. */
    public void statusChanged(RedisBatch batch, String notificationId, DeliveryStatus status, Instant nextAttemptAt) {
        statusChanged(batch.pipeline(), notificationId, status, nextAttemptAt);
    }

    void statusChanged(PipeliningBase p, String notificationId, DeliveryStatus status, Instant nextAttemptAt) {
        p.hset(keys.delivery(notificationId), Map.of("status", status.name(),
                "nextAttemptAt", nextAttemptAt == null ? "" : nextAttemptAt.toString()));
    }

    /** Keeps a parked notification's payload so the API can redeliver it without reading the DLQ topic. */
    public void parked(RedisBatch batch, String notificationId, String notificationJson, String reason) {
        parked(batch.pipeline(), notificationId, notificationJson, reason);
    }

    void parked(PipeliningBase p, String notificationId, String notificationJson, String reason) {
        p.set(keys.parkedNotification(notificationId), notificationJson,
                SetParams.setParams().ex(retention.keep().toSeconds()));
        p.hset(keys.delivery(notificationId), "parkedReason", reason);
    }

    public Optional<String> parkedPayload(String notificationId) {
        return Optional.ofNullable(redis.get(keys.parkedNotification(notificationId)));
    }

    /** The payload a notification of {@code instanceId} was sent with, while the retention keeps it. */
    public Optional<String> payload(long instanceId, String notificationId) {
        return Optional.ofNullable(redis.hget(keys.deliveryPayloads(instanceId), notificationId));
    }

    /** The payloads of those of {@code notificationIds} the log still holds, by id; one round trip. */
    public Map<String, String> payloads(long instanceId, List<String> notificationIds) {
        Map<String, String> found = new LinkedHashMap<>();
        if (notificationIds.isEmpty()) {
            return found;
        }
        List<String> values = redis.hmget(keys.deliveryPayloads(instanceId), notificationIds.toArray(String[]::new));
        for (int i = 0; i < notificationIds.size(); i++) {
            if (values.get(i) != null) {
                found.put(notificationIds.get(i), values.get(i));
            }
        }
        return found;
    }

    /** Ids of the instance's notifications first received in {@code [since, until)}, oldest first. */
    public List<String> receivedBetween(long instanceId, Instant since, Instant until) {
        return redis.zrangeByScore(keys.recentDeliveries(instanceId), Long.toString(since.toEpochMilli()),
                "(" + until.toEpochMilli());
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

    /** The records of those of {@code notificationIds} the log still knows, in their order. */
    public List<DeliveryRecord> find(List<String> notificationIds) {
        List<DeliveryRecord> records = new ArrayList<>(notificationIds.size());
        int chunk = 200;
        for (int from = 0; from < notificationIds.size(); from += chunk) {
            records.addAll(read(notificationIds.subList(from, Math.min(notificationIds.size(), from + chunk))));
        }
        return records;
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
                    instant(h.get("nextAttemptAt")), blankToNull(h.get("parkedReason")), log, replay(h)));
        }
        return records;
    }

    private static DeliveryRecord.Replay replay(Map<String, String> h) {
        String state = blankToNull(h.get("replay"));
        return state == null ? null : new DeliveryRecord.Replay(DeliveryRecord.ReplayState.valueOf(state),
                instant(h.get("replayRequestedAt")), instant(h.get("replayEndedAt")));
    }

    /** {@code [{"eventId": …, "eventType": …, "objectId": …}, …]}; written directly, as it is once per delivery. */
    private static String summary(EventNotification n) {
        StringBuilder json = new StringBuilder(112 * n.events().size()).append('[');
        for (Event e : n.events()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"eventId\":");
            appendString(json, e.eventId());
            json.append(",\"eventType\":");
            appendString(json, e.eventType());
            json.append(",\"objectId\":");
            appendString(json, e.objectId());
            json.append('}');
        }
        return json.append(']').toString();
    }

    /** A JSON string, or {@code null} for a missing value (a log entry is still written for it). */
    private static void appendString(StringBuilder json, String text) {
        if (text == null) {
            json.append("null");
            return;
        }
        json.append('"');
        ENCODER.quoteAsString(text, json);
        json.append('"');
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
