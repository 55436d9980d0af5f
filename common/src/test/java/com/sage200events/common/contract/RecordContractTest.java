package com.sage200events.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.testkit.RecordContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java records we publish and the JSON Schemas we publish for them must agree, field for field. */
class RecordContractTest {

    private final RecordContract notifications = RecordContract.load(RecordContract.EVENT_NOTIFICATION);
    private final RecordContract pollTasks = RecordContract.load(RecordContract.POLL_TASK);

    @Test
    void aFullyPopulatedNotificationConforms() {
        assertThat(notifications.violations(Json.toBytes(notification()))).isEmpty();
    }

    @Test
    void aFullyPopulatedPollTaskConforms() {
        assertThat(pollTasks.violations(Json.toBytes(PollTask.scheduled(42, "warehouse-holdings", Instant.now())))).isEmpty();
        assertThat(pollTasks.violations(Json.toBytes(PollTask.manual(42, "customers", Instant.now())))).isEmpty();
    }

    @Test
    void aFieldTheSchemaDoesNotAllowIsAViolation() {
        ObjectNode extraTopLevel = Json.mapper().valueToTree(notification());
        extraTopLevel.put("tenant", "acme");
        assertThat(notifications.violations(Json.toBytes(extraTopLevel))).singleElement().asString().contains("tenant");

        ObjectNode extraInEvent = Json.mapper().valueToTree(notification());
        ((ObjectNode) extraInEvent.withArray("events").get(0)).put("priority", 1);
        assertThat(notifications.violations(Json.toBytes(extraInEvent))).singleElement().asString().contains("priority");

        ObjectNode extraInTask = Json.mapper().valueToTree(PollTask.manual(42, "customers", Instant.now()));
        extraInTask.put("attempt", 2);
        assertThat(pollTasks.violations(Json.toBytes(extraInTask))).singleElement().asString().contains("attempt");
    }

    @Test
    void aMissingOrMistypedFieldIsAViolation() {
        ObjectNode missing = Json.mapper().valueToTree(notification());
        missing.remove("notificationId");
        assertThat(notifications.violations(Json.toBytes(missing))).isNotEmpty();

        ObjectNode mistyped = Json.mapper().valueToTree(notification());
        mistyped.put("instanceId", "42");
        assertThat(notifications.violations(Json.toBytes(mistyped))).isNotEmpty();
    }

    @Test
    void vendorRecordsMayCarryAnyFieldsOfSage() {
        ObjectNode withVendorField = Json.mapper().valueToTree(notification());
        ((ObjectNode) withVendorField.withArray("records").get(0)).put("a_field_sage_adds_next_year", true);
        assertThat(notifications.violations(Json.toBytes(withVendorField))).isEmpty();
    }

    private static EventNotification notification() {
        Instant updated = Instant.parse("2024-05-23T09:46:30.125Z");
        String eventId = EventIds.eventId(42, "customers", "27825", updated);
        Event event = new Event(eventId, Event.UPDATED, "customers", "27825", "2024-05-23T09:46:30Z", "2026-11-28T07:00:00Z",
                "sage200", "finance");
        ObjectNode record = Json.object();
        record.put("id", 27825);
        record.put("name", "Acme Ltd");
        record.put("created_at", "2024-01-02T03:04:05Z");
        record.put("updated_at", "2024-05-23T09:46:30Z");
        return new EventNotification(EventNotification.SCHEMA_VERSION, EventIds.notificationId(List.of(eventId)), 42, "customers",
                "2026-11-28T07:00:00Z", List.of(event), List.of(record));
    }
}
