package com.sage200events.common.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Cloud Elements body our users' integrations parse (DESIGN.md §5): what the dispatcher posts, and what the
 * dashboard shows as "the body as sent" of a notification whose payload is kept. A pure function of the
 * notification, so both render the same bytes. Streamed straight to bytes: no tree is built, since this runs once
 * per delivery; vendor numbers keep their text (DESIGN §4 "Exact vendor data").
 */
public final class WebhookBody {

    private WebhookBody() {
    }

    /** The UTF-8 JSON body {@code {"message": {...}}} of {@code n}. */
    public static byte[] of(EventNotification n) {
        ObjectMapper mapper = Json.mapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            // The events appear twice: serialized once, copied twice.
            String events = mapper.writeValueAsString(n.events());
            write(mapper, out, n, events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the body of " + n.notificationId(), e);
        }
        return out.toByteArray();
    }

    private static void write(ObjectMapper mapper, ByteArrayOutputStream out, EventNotification n, String events) throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.setCodec(mapper);
            g.writeStartObject();
            g.writeObjectFieldStart("message");
            g.writeStringField("eventId", n.notificationId());
            g.writeNumberField("instanceId", n.instanceId());
            // Both spellings exist in Cloud Elements payloads and integrations read either.
            g.writeNumberField("instance_id", n.instanceId());
            g.writeStringField("elementKey", "sage200");
            g.writeStringField("hubKey", "finance");
            g.writeFieldName("events");
            g.writeRawValue(events);
            g.writeObjectFieldStart("raw");
            g.writeStringField("objectType", n.objectType());
            g.writeFieldName("events");
            g.writeRawValue(events);
            g.writeArrayFieldStart(n.objectType());
            for (JsonNode record : n.records()) {
                g.writeTree(record);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
    }
}
