package com.sage200events.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.delivery.WebhookBody;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#fromBytesKeepingObjects}: the dispatcher's read of a notification keeps each record's text and writes
 * it out again byte for byte, in the body it posts and in what it stores (issue 12), and falls back to trees where
 * the bytes cannot be trusted.
 */
class JsonKeepingObjectsTest {

    private static final String SPACED = "{ \"id\" : 2 ,\n \"credit_limit\": 0.10, \"e\": 1E+2, \"z\": -0.0,"
            + " \"name\": \"Zoë \\u00d6st \\\"q\\\"\", \"emoji\": \"\uD83D\uDE00\", \"nested\": {\"a\": [1, {\"b\": []}]}, \"id\": 3 }";
    private static final String COMPACT = "{\"id\":1,\"balance\":98765432109876543.21}";

    @Test
    void recordsKeepTheirTextInTheBodyAndInTheStoredNotification() {
        byte[] value = notificationJson(SPACED, COMPACT).getBytes(StandardCharsets.UTF_8);

        EventNotification n = Json.fromBytesKeepingObjects(value, EventNotification.class);

        assertThat(n.notificationId()).isEqualTo("n-1");
        assertThat(n.events()).extracting(Event::eventId).containsExactly("e-1", "e-2");
        String body = new String(WebhookBody.of(n), StandardCharsets.UTF_8);
        // Spacing, number spellings, escapes and even a repeated name pass through as the worker published them.
        assertThat(body).contains("\"customers\":[" + SPACED + "," + COMPACT + "]");
        assertThat(Json.toString(n)).contains("\"records\":[" + SPACED + "," + COMPACT + "]");
        assertThat(Json.tree(body).get("message").get("raw").get("events")).isEqualTo(Json.tree(body).get("message").get("events"));
    }

    @Test
    void compactRecordsGiveTheSameBodyAsTrees() {
        byte[] value = notificationJson(COMPACT, "{\"id\":2,\"lines\":[{\"qty\":1.50}]}").getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookBody.of(Json.fromBytesKeepingObjects(value, EventNotification.class)))
                .isEqualTo(WebhookBody.of(Json.fromBytes(value, EventNotification.class)));
    }

    @Test
    void recordsThatAreNotObjectsStayTrees() {
        EventNotification n = Json.fromBytesKeepingObjects(notificationJson("[1, 2]", "7").getBytes(StandardCharsets.UTF_8),
                EventNotification.class);

        assertThat(n.records()).extracting(JsonNode::toString).containsExactly("[1,2]", "7");
        assertThat(n.records().get(0).isArray()).isTrue();
    }

    @Test
    void malformedUtf8ThatJacksonDecodesIsReadAsTrees() {
        // An overlong NUL (C0 80) in place of '#': Jackson decodes it, so copied bytes would make the body invalid UTF-8.
        byte[] template = notificationJson("{\"name\":\"x#y\"}", COMPACT).getBytes(StandardCharsets.UTF_8);
        int at = new String(template, StandardCharsets.UTF_8).indexOf('#');
        byte[] value = new byte[template.length + 1];
        System.arraycopy(template, 0, value, 0, at);
        value[at] = (byte) 0xC0;
        value[at + 1] = (byte) 0x80;
        System.arraycopy(template, at + 1, value, at + 2, template.length - at - 1);

        EventNotification n = Json.fromBytesKeepingObjects(value, EventNotification.class);

        assertThat(n.records().get(0).isObject()).as("a tree, not kept text").isTrue();
        assertThat(n.records().get(1).isObject()).isTrue();
    }

    @Test
    void aMalformedNotificationIsRefusedWithItsType() {
        byte[] broken = notificationJson("{\"id\":1", COMPACT).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.fromBytesKeepingObjects(broken, EventNotification.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed EventNotification");
    }

    private static String notificationJson(String firstRecord, String secondRecord) {
        String events = "[" + event("e-1", "1") + "," + event("e-2", "2") + "]";
        return "{\"schemaVersion\":1,\"notificationId\":\"n-1\",\"instanceId\":7,\"objectType\":\"customers\","
                + "\"pollDate\":\"2026-11-30T08:00:00Z\",\"events\":" + events + ",\"records\":[" + firstRecord + "," + secondRecord + "]}";
    }

    private static String event(String id, String objectId) {
        return "{\"eventId\":\"" + id + "\",\"eventType\":\"UPDATED\",\"objectType\":\"customers\",\"objectId\":\"" + objectId
                + "\",\"date\":\"2026-11-30T08:00:00Z\",\"pollDate\":\"2026-11-30T08:00:00Z\",\"elementKey\":\"sage200\",\"hubKey\":\"finance\"}";
    }
}
