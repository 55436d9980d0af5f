package com.sage200events.common.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;

/**
 * The Cloud Elements body our users' integrations parse (DESIGN.md §5): what the dispatcher posts, and what the
 * dashboard shows as "the body as sent" of a notification whose payload is kept. A pure function of the
 * notification, so both render the same bytes. Vendor numbers keep their text (DESIGN §4 "Exact vendor data").
 *
 * <p>Written as bytes around the parts Jackson serializes (the events, once for both places they appear, and any
 * record that is a tree), because this runs once per delivery: a record read as text
 * ({@link Json#fromBytesKeepingObjects}) is copied in as that text (issue 12).
 */
public final class WebhookBody {

    private static final byte[] OPEN = ascii("{\"message\":{\"eventId\":");
    private static final byte[] INSTANCE_ID = ascii(",\"instanceId\":");
    private static final byte[] INSTANCE_ID_SNAKE = ascii(",\"instance_id\":");
    private static final byte[] KEYS_AND_EVENTS = ascii(",\"elementKey\":\"sage200\",\"hubKey\":\"finance\",\"events\":");
    private static final byte[] RAW_OBJECT_TYPE = ascii(",\"raw\":{\"objectType\":");
    private static final byte[] RAW_EVENTS = ascii(",\"events\":");
    private static final byte[] RECORDS_OPEN = ascii(":[");
    private static final byte[] CLOSE = ascii("]}}}");
    private static final byte[] COMMA = ascii(",");

    private WebhookBody() {
    }

    /**
     * The UTF-8 JSON body of {@code n}: {@code {"message": {"eventId", "instanceId", "instance_id", "elementKey",
     * "hubKey", "events", "raw": {"objectType", "events", "<objectType>": [records]}}}}, compact, in that order.
     */
    public static byte[] of(EventNotification n) {
        byte[] id = quoted(n.notificationId());
        byte[] instanceId = Long.toString(n.instanceId()).getBytes(StandardCharsets.US_ASCII);
        byte[] events = Json.toBytes(n.events());
        byte[] objectType = quoted(n.objectType());
        byte[][] records = new byte[n.records().size()][];
        int size = OPEN.length + id.length + INSTANCE_ID.length + INSTANCE_ID_SNAKE.length + 2 * instanceId.length
                + KEYS_AND_EVENTS.length + RAW_OBJECT_TYPE.length + RAW_EVENTS.length + 2 * events.length + 2 * objectType.length
                + 1 + RECORDS_OPEN.length + CLOSE.length + Math.max(0, records.length - 1);
        for (int i = 0; i < records.length; i++) {
            records[i] = bytesOf(n.records().get(i));
            size += records[i].length;
        }
        // Sized exactly, so nothing is copied twice.
        Bytes out = new Bytes(size);
        out.put(OPEN).put(id).put(INSTANCE_ID).put(instanceId)
                // Both spellings exist in Cloud Elements payloads and integrations read either.
                .put(INSTANCE_ID_SNAKE).put(instanceId)
                .put(KEYS_AND_EVENTS).put(events)
                .put(RAW_OBJECT_TYPE).put(objectType).put(RAW_EVENTS).put(events).put(COMMA).put(objectType).put(RECORDS_OPEN);
        for (int i = 0; i < records.length; i++) {
            if (i > 0) {
                out.put(COMMA);
            }
            out.put(records[i]);
        }
        return out.put(CLOSE).done();
    }

    /** A fixed-size buffer filled front to back. */
    private static final class Bytes {
        private final byte[] bytes;
        private int at;

        Bytes(int size) {
            bytes = new byte[size];
        }

        Bytes put(byte[] part) {
            System.arraycopy(part, 0, bytes, at, part.length);
            at += part.length;
            return this;
        }

        byte[] done() {
            if (at != bytes.length) {
                throw new IllegalStateException("body sized " + bytes.length + " bytes but " + at + " written");
            }
            return bytes;
        }
    }

    /** A record kept as text is that text; a tree is serialized. */
    private static byte[] bytesOf(JsonNode record) {
        if (record instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw && raw.rawValue() instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return Json.toBytes(record);
    }

    /** {@code text} as a JSON string, escaped as Jackson's generator escapes it (a lone surrogate included). */
    private static byte[] quoted(String text) {
        return Json.toBytes(text);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
