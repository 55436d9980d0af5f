package com.sage200events.common.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import java.io.ByteArrayOutputStream;
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

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] OPEN = ascii("{\"message\":{\"eventId\":");
    private static final byte[] INSTANCE_ID = ascii(",\"instanceId\":");
    private static final byte[] INSTANCE_ID_SNAKE = ascii(",\"instance_id\":");
    private static final byte[] KEYS_AND_EVENTS = ascii(",\"elementKey\":\"sage200\",\"hubKey\":\"finance\",\"events\":");
    private static final byte[] RAW_OBJECT_TYPE = ascii(",\"raw\":{\"objectType\":");
    private static final byte[] RAW_EVENTS = ascii(",\"events\":");
    private static final byte[] RECORDS_OPEN = ascii(":[");
    private static final byte[] CLOSE = ascii("]}}}");

    private WebhookBody() {
    }

    /**
     * The UTF-8 JSON body of {@code n}: {@code {"message": {"eventId", "instanceId", "instance_id", "elementKey",
     * "hubKey", "events", "raw": {"objectType", "events", "<objectType>": [records]}}}}, compact, in that order.
     */
    public static byte[] of(EventNotification n) {
        byte[] events = Json.toBytes(n.events());
        byte[] objectType = quoted(n.objectType());
        byte[] instanceId = Long.toString(n.instanceId()).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 2 * events.length);
        out.writeBytes(OPEN);
        out.writeBytes(quoted(n.notificationId()));
        out.writeBytes(INSTANCE_ID);
        out.writeBytes(instanceId);
        // Both spellings exist in Cloud Elements payloads and integrations read either.
        out.writeBytes(INSTANCE_ID_SNAKE);
        out.writeBytes(instanceId);
        out.writeBytes(KEYS_AND_EVENTS);
        out.writeBytes(events);
        out.writeBytes(RAW_OBJECT_TYPE);
        out.writeBytes(objectType);
        out.writeBytes(RAW_EVENTS);
        out.writeBytes(events);
        out.write(',');
        out.writeBytes(objectType);
        out.writeBytes(RECORDS_OPEN);
        for (int i = 0; i < n.records().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(bytesOf(n.records().get(i)));
        }
        out.writeBytes(CLOSE);
        return out.toByteArray();
    }

    /** A record kept as text is that text; a tree is serialized. */
    private static byte[] bytesOf(JsonNode record) {
        if (record instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw && raw.rawValue() instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return Json.toBytes(record);
    }

    private static byte[] quoted(String text) {
        byte[] escaped = ENCODER.quoteAsUTF8(text);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
