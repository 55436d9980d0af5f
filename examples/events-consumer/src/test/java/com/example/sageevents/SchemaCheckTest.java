package com.example.sageevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.testkit.RecordContract;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void acceptsAConformingNotificationAndNamesEachViolation() throws Exception {
        SchemaCheck check = new SchemaCheck(MAPPER.readTree(Files.readString(
                RecordContract.schemasDirectory().resolve(RecordContract.EVENT_NOTIFICATION))));
        ObjectNode good = (ObjectNode) MAPPER.readTree("""
                {"schemaVersion": 1, "notificationId": "msg_0123456789abcdef0123456789abcdef", "instanceId": 7,
                 "objectType": "customers", "pollDate": "2026-11-28T07:00:00Z",
                 "events": [{"eventId": "evt_0123456789abcdef0123456789abcdef", "eventType": "CREATED", "objectType": "customers",
                             "objectId": "12", "date": "2026-11-28T06:59:00Z", "pollDate": "2026-11-28T07:00:00Z",
                             "elementKey": "sage200", "hubKey": "finance"}],
                 "records": [{"id": 12, "name": "x", "updated_at": "2026-11-28T06:59:00Z"}]}""");
        assertThat(check.violations(good)).isEmpty();

        JsonNode bad = good.deepCopy();
        ((ObjectNode) bad).put("extra", 1);
        ((ObjectNode) bad.get("events").get(0)).put("eventType", "REMOVED");
        ((ObjectNode) bad).put("instanceId", "7");
        assertThat(check.violations(bad)).containsExactlyInAnyOrder(
                "$: field extra is not allowed",
                "$.events[0].eventType: must be one of [\"CREATED\",\"UPDATED\",\"DELETED\"]",
                "$.instanceId: must be of type integer");

        ObjectNode deleted = good.deepCopy();
        ((ObjectNode) deleted.get("events").get(0)).put("eventType", "DELETED");
        deleted.set("records", MAPPER.readTree("[{\"id\": 12, \"deleted_at\": \"2026-11-28T07:00:00Z\"}]"));
        assertThat(check.violations(deleted)).as("a DELETED event's {id, deleted_at}").isEmpty();
        deleted.set("records", MAPPER.readTree("[{\"id\": 12}]"));
        assertThat(check.violations(deleted)).hasSize(1).allMatch(v -> v.startsWith("$.records[0]: must match one of"));
    }
}
