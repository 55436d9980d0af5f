package com.sage200events.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test-data builder: {@code aNotification().forInstance(42).withEvents(3).build()}. */
public final class Notifications {

    private static final AtomicLong OBJECT_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private long instanceId = 1;
    private int events = 1;
    private String objectType = "customers";

    public static Notifications aNotification() {
        return new Notifications();
    }

    public Notifications forInstance(long id) {
        this.instanceId = id;
        return this;
    }

    public Notifications withEvents(int count) {
        this.events = count;
        return this;
    }

    public EventNotification build() {
        List<Event> list = new ArrayList<>();
        List<JsonNode> records = new ArrayList<>();
        Instant updated = Instant.parse("2026-11-28T07:00:00Z");
        for (int i = 0; i < events; i++) {
            String objectId = Long.toString(OBJECT_IDS.incrementAndGet());
            list.add(new Event(EventIds.eventId(instanceId, objectType, objectId, updated), Event.UPDATED, objectType, objectId,
                    "2026-11-28T07:00:00Z", "2026-11-28T07:01:00Z", "sage200", "finance"));
            records.add(Json.tree("{\"id\": " + objectId + ", \"name\": \"Customer " + objectId + "\"}"));
        }
        return new EventNotification(EventNotification.SCHEMA_VERSION,
                EventIds.notificationId(list.stream().map(Event::eventId).toList()), instanceId, objectType,
                "2026-11-28T07:01:00Z", list, records);
    }
}
