package com.sage200events.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.poll.DateFormats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the receivers accepted (answered 2xx to), kept compact enough for a long soak: per event id a digest of the
 * event and its record and how often it came; per record (instance, object type, object id) each version seen
 * (its {@code date_time_updated}) with the first arrival. Thread-safe.
 *
 * <p>The digest covers the event without {@code pollDate} (when it was polled: a re-poll after a crash rightly
 * differs there) plus the record as sent in {@code raw}: the same id must always describe the same change.
 */
final class CallbackLedger {

    /** One record of one instance, as the reckoning looks it up. */
    record RecordKey(long instanceId, String objectType, String objectId) {
    }

    private final Map<String, Copies> byEventId = new HashMap<>();
    private final Map<RecordKey, NavigableMap<Instant, Instant>> versions = new HashMap<>();
    private long notifications;
    private long events;
    private long eventsWithoutVersion;

    private static final class Copies {
        final byte[] digest;
        int count = 1;
        boolean differs;

        Copies(byte[] digest) {
            this.digest = digest;
        }
    }

    /**
     * Records one accepted notification (the Cloud Elements body {@code {"message":{…}}}) that arrived at {@code at}.
     *
     * @throws IllegalArgumentException when the body is not that shape
     */
    synchronized void accept(JsonNode body, Instant at) {
        JsonNode message = body.path("message");
        long instanceId = message.path("instanceId").asLong(-1);
        String objectType = message.path("raw").path("objectType").asText();
        JsonNode records = message.path("raw").path(objectType);
        if (instanceId < 0 || !message.path("events").isArray()) {
            throw new IllegalArgumentException("not a notification: " + body);
        }
        notifications++;
        for (JsonNode event : message.path("events")) {
            events++;
            String objectId = event.path("objectId").asText();
            JsonNode record = recordOf(records, objectId);
            ObjectNode change = ((ObjectNode) event.deepCopy());
            change.remove("pollDate");
            change.set("record", record);
            byte[] digest = sha256(change.toString());
            Copies copies = byEventId.get(event.path("eventId").asText());
            if (copies == null) {
                byEventId.put(event.path("eventId").asText(), new Copies(digest));
            } else {
                copies.count++;
                copies.differs |= !MessageDigest.isEqual(copies.digest, digest);
            }
            Optional<Instant> version = DateFormats.parseIso(record == null ? null : record.path("date_time_updated").asText(null));
            if (version.isEmpty()) {
                eventsWithoutVersion++;
                continue;
            }
            versions.computeIfAbsent(new RecordKey(instanceId, event.path("objectType").asText(), objectId), k -> new TreeMap<>())
                    .merge(version.get(), at, (first, later) -> first.isBefore(later) ? first : later);
        }
    }

    /**
     * The first arrival of a callback for {@code key} carrying version {@code atLeast} or a later one: when the
     * receiver first knew of that change (or of one that supersedes it); empty when none came.
     */
    synchronized Optional<Instant> firstArrivalOfVersionAtLeast(RecordKey key, Instant atLeast) {
        NavigableMap<Instant, Instant> seen = versions.get(key);
        if (seen == null) {
            return Optional.empty();
        }
        return seen.tailMap(atLeast, true).values().stream().min(Instant::compareTo);
    }

    /** Whether exactly this version of the record arrived (not only a later one). */
    synchronized boolean hasVersion(RecordKey key, Instant version) {
        NavigableMap<Instant, Instant> seen = versions.get(key);
        return seen != null && seen.containsKey(version);
    }

    synchronized Stats stats() {
        long repeated = 0;
        long extraCopies = 0;
        long differing = 0;
        for (Copies copies : byEventId.values()) {
            if (copies.count > 1) {
                repeated++;
                extraCopies += copies.count - 1;
            }
            if (copies.differs) {
                differing++;
            }
        }
        long versionCount = versions.values().stream().mapToLong(Map::size).sum();
        return new Stats(notifications, events, byEventId.size(), repeated, extraCopies, differing, eventsWithoutVersion,
                versionCount);
    }

    /**
     * @param distinctEventIds how many different event ids arrived
     * @param repeatedEventIds event ids that arrived more than once
     * @param extraCopies arrivals beyond the first, summed over every id
     * @param differentBodies event ids that arrived with two different bodies (must be 0)
     * @param eventsWithoutVersion events whose record in {@code raw} was missing or had no readable stamp
     * @param versions distinct (record, version) pairs that arrived
     */
    record Stats(long notifications, long events, long distinctEventIds, long repeatedEventIds, long extraCopies,
                 long differentBodies, long eventsWithoutVersion, long versions) {
    }

    private static JsonNode recordOf(JsonNode records, String objectId) {
        for (JsonNode record : records) {
            if (objectId.equals(record.path("id").asText())) {
                return record;
            }
        }
        return null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
