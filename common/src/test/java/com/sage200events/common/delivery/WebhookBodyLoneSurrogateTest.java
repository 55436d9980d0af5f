package com.sage200events.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Review of 32cb056 (body written as bytes around Jackson's parts): a notification id or object type holding a lone
 * surrogate (a {@code "\udc00"} escape in the record Jackson reads without complaint) made Jackson's generator write
 * {@code \uDC00}; {@code JsonStringEncoder.quoteAsUTF8} throws {@code IllegalArgumentException} instead, which the
 * dispatcher's admission does not catch (it retries the whole batch for ever) and the dashboard's "body as sent" neither.
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
