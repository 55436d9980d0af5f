package com.sage200events.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body is byte for byte what Jackson writes for the Cloud Elements shape (DESIGN §5), escapes and exact numbers included. */
class WebhookBodyTest {

    @Test
    void isWhatJacksonWritesForTheCloudElementsShape() {
        String type = "odd \"type\" / é \u0001";
        List<Event> events = List.of(
                new Event("e-1", Event.UPDATED, type, "7", "2026-11-30T08:00:00Z", "2026-11-30T08:00:01Z", "sage200", "finance"),
                new Event("e-2", Event.CREATED, type, "8", "2026-11-30T08:00:00Z", "2026-11-30T08:00:01Z", "sage200", "finance"));
        List<JsonNode> records = List.of(
                Json.fromString("{\"id\":7,\"credit_limit\":0.10,\"e\":1E+2,\"z\":-0.0,\"name\":\"Zoë \\\"q\\\"\",\"lines\":[{\"qty\":1.50}]}", JsonNode.class),
                Json.fromString("{\"id\":8}", JsonNode.class));
        EventNotification n = new EventNotification(1, "n-\"1\"", 42, type, "2026-11-30T08:00:01Z", events, records);

        ObjectNode expected = Json.object();
        ObjectNode message = expected.putObject("message");
        message.put("eventId", n.notificationId()).put("instanceId", 42).put("instance_id", 42)
                .put("elementKey", "sage200").put("hubKey", "finance");
        message.set("events", Json.mapper().valueToTree(events));
        ObjectNode raw = message.putObject("raw");
        raw.put("objectType", type);
        raw.set("events", Json.mapper().valueToTree(events));
        raw.putArray(type).addAll(records);

        assertThat(new String(WebhookBody.of(n), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Json.toString(expected));
        assertThat(Json.tree(new String(WebhookBody.of(n), java.nio.charset.StandardCharsets.UTF_8)).get("message").get("raw").get(type)
                .get(0).get("credit_limit").toString()).isEqualTo("0.10");
    }

    @Test
    void aNotificationWithoutRecordsHasAnEmptyArray() {
        Event deleted = new Event("e-9", Event.DELETED, "customers", "9", "2026-11-30T08:00:00Z", "2026-11-30T08:00:01Z", "sage200", "finance");
        EventNotification n = new EventNotification(1, "n-9", 7, "customers", "2026-11-30T08:00:01Z", List.of(deleted), List.of());

        assertThat(new String(WebhookBody.of(n), java.nio.charset.StandardCharsets.UTF_8)).endsWith(",\"customers\":[]}}}");
    }
}
