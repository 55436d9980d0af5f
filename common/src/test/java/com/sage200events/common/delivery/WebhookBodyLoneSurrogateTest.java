package com.sage200events.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A lone surrogate in a notification's id or object type (a {@code "\udc00"} escape, which Jackson reads without
 * complaint) is escaped in the body as Jackson's generator escapes it, never refused: a review of issue 12 found the
 * refusal held the dispatcher's admission of everything after it.
 */
class WebhookBodyLoneSurrogateTest {

    @Test
    void aLoneSurrogateInTheObjectTypeIsEscapedAsJacksonWritesIt() {
        EventNotification n = Json.fromBytes(notification("n-1", "customers\\udc00").getBytes(StandardCharsets.UTF_8), EventNotification.class);

        String body = new String(WebhookBody.of(n), StandardCharsets.UTF_8);

        assertThat(body).contains("\"objectType\":\"customers\\uDC00\"");
    }

    @Test
    void aLoneSurrogateInTheNotificationIdIsEscapedAsJacksonWritesIt() {
        EventNotification n = Json.fromBytes(notification("n-\\ud800", "customers").getBytes(StandardCharsets.UTF_8), EventNotification.class);

        String body = new String(WebhookBody.of(n), StandardCharsets.UTF_8);

        assertThat(body).startsWith("{\"message\":{\"eventId\":\"n-\\uD800\"");
    }

    private static String notification(String id, String objectType) {
        String event = "{\"eventId\":\"e-1\",\"eventType\":\"UPDATED\",\"objectType\":\"customers\",\"objectId\":\"1\","
                + "\"date\":\"2026-11-30T08:00:00Z\",\"pollDate\":\"2026-11-30T08:00:00Z\",\"elementKey\":\"sage200\",\"hubKey\":\"finance\"}";
        return "{\"schemaVersion\":1,\"notificationId\":\"" + id + "\",\"instanceId\":7,\"objectType\":\"" + objectType
                + "\",\"pollDate\":\"2026-11-30T08:00:00Z\",\"events\":[" + event + "],\"records\":[{\"id\":1}]}";
    }
}
