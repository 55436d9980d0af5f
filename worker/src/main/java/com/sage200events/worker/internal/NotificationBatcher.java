package com.sage200events.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.json.RawJson;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.sage.ChangeDetector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a page's events into {@code sage.events} records: one event type each (so the {@code event-type} header is
 * exact), at most {@link EventNotification#MAX_EVENTS} events, and at most {@code maxBytes} serialized, halving a
 * batch until it fits, down to one event. A single record larger than {@code maxBytes} still yields its event,
 * carrying a stub of the record instead (its id, stamps and {@code _oversized}: size, limit and why), so the
 * receiver hears of the change and can read the record from Sage; the poll goes on (README "Record size").
 */
final class NotificationBatcher {

    static final String OVERSIZED_FIELD = "_oversized";
    /** How a notification with no records ends: its records array is the last thing Jackson writes. */
    private static final byte[] EMPTY_RECORDS_LAST = "\"records\":[]}".getBytes(StandardCharsets.US_ASCII);

    private final int maxBytes;
    private final String idField;

    /**
     * @param maxBytes the largest serialized notification, in bytes ({@link EventNotification#MAX_BYTES} in production)
     * @param idField the record field that holds its id, kept in a stub
     */
    NotificationBatcher(int maxBytes, String idField) {
        this.maxBytes = maxBytes;
        this.idField = idField;
    }

    /** A notification ready to publish, with its serialized value; {@code oversized} when it carries a stub. */
    record Outgoing(EventNotification notification, byte[] value, boolean oversized) {
    }

    /** As {@link #batch(long, String, List, List, List)} with no record's text known: every record is serialized from its tree. */
    List<Outgoing> batch(long instanceId, String objectType, List<Event> events, List<JsonNode> records) {
        return batch(instanceId, objectType, events, records, Collections.nCopies(records.size(), null));
    }

    /**
     * @param events the page's events, in order
     * @param records the record of each event, index for index
     * @param recordJson each record's JSON text where known ({@link ChangeDetector.PageChanges#recordJson}), else
     *     null: such a record goes into the value as these bytes, the others as their trees serialize
     */
    List<Outgoing> batch(long instanceId, String objectType, List<Event> events, List<JsonNode> records, List<RawJson> recordJson) {
        List<Outgoing> out = new ArrayList<>();
        for (String type : List.of(Event.CREATED, Event.UPDATED, Event.DELETED)) {
            List<Event> ofType = new ArrayList<>();
            List<JsonNode> recordsOfType = new ArrayList<>();
            List<RawJson> jsonOfType = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).eventType().equals(type)) {
                    ofType.add(events.get(i));
                    recordsOfType.add(records.get(i));
                    jsonOfType.add(recordJson.get(i));
                }
            }
            for (int from = 0; from < ofType.size(); from += EventNotification.MAX_EVENTS) {
                int to = Math.min(from + EventNotification.MAX_EVENTS, ofType.size());
                addFitting(instanceId, objectType, ofType.subList(from, to), recordsOfType.subList(from, to), jsonOfType.subList(from, to), out);
            }
        }
        return out;
    }

    private void addFitting(long instanceId, String objectType, List<Event> events, List<JsonNode> records, List<RawJson> recordJson,
                            List<Outgoing> out) {
        EventNotification notification = EventNotification.of(instanceId, objectType, events, records);
        byte[] value = serialize(notification, recordJson);
        if (value.length > maxBytes && recordJson.stream().anyMatch(Objects::nonNull)) {
            // Sage's own spacing and escapes must not decide a split or a stub: the size that does is the one the
            // tree serializes to, as before records travelled as Sage's bytes.
            value = Json.toBytes(notification);
        }
        if (value.length <= maxBytes) {
            out.add(new Outgoing(notification, value, false));
        } else if (events.size() > 1) {
            int half = events.size() / 2;
            addFitting(instanceId, objectType, events.subList(0, half), records.subList(0, half), recordJson.subList(0, half), out);
            addFitting(instanceId, objectType, events.subList(half, events.size()), records.subList(half, records.size()),
                    recordJson.subList(half, recordJson.size()), out);
        } else {
            EventNotification slim = EventNotification.of(instanceId, objectType, events, List.of(stub(records.get(0), value.length)));
            out.add(new Outgoing(slim, Json.toBytes(slim), true));
        }
    }

    /**
     * The notification's value: what {@code Json.toBytes(notification)} writes, except that each record whose text
     * is known goes in as that text, Sage's bytes (the same fields and values, every number's digits as Sage wrote
     * them). Serializing every tree again was the largest part of the worker's CPU (issue 12). Jackson writes the
     * envelope with an empty records array, which closes it; the records are copied into that array.
     */
    private static byte[] serialize(EventNotification notification, List<RawJson> recordJson) {
        if (recordJson.stream().allMatch(Objects::isNull)) {
            return Json.toBytes(notification);
        }
        byte[] envelope = Json.toBytes(new EventNotification(notification.schemaVersion(), notification.notificationId(),
                notification.instanceId(), notification.objectType(), notification.pollDate(), notification.events(), List.of()));
        int end = envelope.length - EMPTY_RECORDS_LAST.length;
        if (end < 0 || !Arrays.equals(envelope, end, envelope.length, EMPTY_RECORDS_LAST, 0, EMPTY_RECORDS_LAST.length)) {
            return Json.toBytes(notification); // records no longer written last: the slow way stays right
        }
        int open = envelope.length - 2; // at the array's ']'
        byte[][] trees = new byte[recordJson.size()][];
        int size = open + 2 + recordJson.size() - 1;
        for (int i = 0; i < recordJson.size(); i++) {
            if (recordJson.get(i) != null) {
                size += recordJson.get(i).length();
            } else {
                trees[i] = Json.toBytes(notification.records().get(i));
                size += trees[i].length;
            }
        }
        byte[] value = new byte[size];
        System.arraycopy(envelope, 0, value, 0, open);
        int at = open;
        for (int i = 0; i < recordJson.size(); i++) {
            if (i > 0) {
                value[at++] = ',';
            }
            if (trees[i] == null) {
                at = recordJson.get(i).copyTo(value, at);
            } else {
                System.arraycopy(trees[i], 0, value, at, trees[i].length);
                at += trees[i].length;
            }
        }
        value[at++] = ']';
        value[at] = '}';
        return value;
    }

    private JsonNode stub(JsonNode record, int bytes) {
        ObjectNode stub = Json.object();
        for (String field : List.of(idField, ChangeDetector.SAGE_CREATED, ChangeDetector.SAGE_UPDATED, "created_at", "updated_at")) {
            if (record.has(field)) {
                stub.set(field, record.get(field));
            }
        }
        stub.putObject(OVERSIZED_FIELD)
                .put("bytes", bytes)
                .put("limitBytes", maxBytes)
                .put("reason", "the record is larger than the largest notification we send; read it from Sage by its id");
        return stub;
    }
}
