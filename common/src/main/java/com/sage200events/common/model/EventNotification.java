package com.sage200events.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The value of one {@code sage.events} record: up to {@link #MAX_EVENTS} events of one poll of one resource,
 * with the vendor records they describe. The dispatcher posts exactly one notification per record, so the
 * batch boundaries (and with them {@code notificationId}) are fixed by the worker, not by consumer timing.
 */
public record EventNotification(
        int schemaVersion,
        String notificationId,
        long instanceId,
        String objectType,
        String pollDate,
        List<Event> events,
        List<JsonNode> records) {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_EVENTS = 10;

    /**
     * The largest serialized notification the worker publishes (4 MiB): notifications are split to stay under it,
     * and a single record larger than it travels as a stub (README "Record size"). Producers and topics accept
     * this plus {@link #RECORD_HEADROOM_BYTES}; callbacks receive bodies of at most about this size.
     */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** What a Kafka record needs beyond its value: key, routing headers and batch framing. */
    public static final int RECORD_HEADROOM_BYTES = 256 * 1024;

    public EventNotification {
        events = List.copyOf(events);
        records = List.copyOf(records);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("events must hold 1.." + MAX_EVENTS + " entries, not " + events.size());
        }
        // What the delivery log, the dedupe marks and the body need of each event (all required by
        // schemas/event-notification.v1): a record without them is refused here, so a consumer parks it as poison
        // instead of failing on it later (an outcome writer retried such a batch for ever).
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.eventId() == null || e.eventType() == null || e.objectId() == null) {
                throw new IllegalArgumentException("events[" + i + "] must have eventId, eventType and objectId");
            }
        }
    }

    /**
     * The notification of only the events at {@code indexes} (and their records), under the id those events alone
     * derive, so a re-sent subset keeps a deterministic message id (DESIGN.md §5).
     */
    public EventNotification only(List<Integer> indexes) {
        List<Event> kept = indexes.stream().map(events::get).toList();
        List<JsonNode> keptRecords = records.size() == events.size() ? indexes.stream().map(records::get).toList() : records;
        return new EventNotification(schemaVersion, EventIds.notificationId(kept.stream().map(Event::eventId).toList()),
                instanceId, objectType, pollDate, kept, keptRecords);
    }

    /** A notification of this poll's {@code events} (with their {@code records}, index for index), its id derived from theirs. */
    public static EventNotification of(long instanceId, String objectType, List<Event> events, List<JsonNode> records) {
        return new EventNotification(SCHEMA_VERSION, EventIds.notificationId(events.stream().map(Event::eventId).toList()),
                instanceId, objectType, events.get(0).pollDate(), events, records);
    }
}
