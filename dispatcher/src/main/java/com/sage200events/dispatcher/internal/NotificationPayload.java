package com.sage200events.dispatcher.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Cloud Elements body our users' integrations parse (DESIGN.md §5), streamed straight to bytes: no tree
 * is built, since this runs once per delivery on the admitting thread.
 */
final class NotificationPayload {

    private NotificationPayload() {
    }

    static byte[] body(EventNotification n) {
        ObjectMapper mapper = Json.mapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
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
            mapper.writeValue(g, n.events());
            g.writeObjectFieldStart("raw");
            g.writeStringField("objectType", n.objectType());
            g.writeFieldName("events");
            mapper.writeValue(g, n.events());
            g.writeArrayFieldStart(n.objectType());
            for (JsonNode record : n.records()) {
                g.writeTree(record);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the body of " + n.notificationId(), e);
        }
        return out.toByteArray();
    }
}
