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

    public EventNotification {
        events = List.copyOf(events);
        records = List.copyOf(records);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("events must hold 1.." + MAX_EVENTS + " entries, not " + events.size());
        }
    }
}
