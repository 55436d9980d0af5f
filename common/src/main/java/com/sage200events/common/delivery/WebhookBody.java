package com.sage200events.common.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;

/**
 * The Cloud Elements body our users' integrations parse (DESIGN.md §5): what the dispatcher posts, and what the
 * dashboard shows as "the body as sent" of a notification whose payload is kept. A pure function of the
 * notification, so both render the same bytes.
 */
public final class WebhookBody {

    private WebhookBody() {
    }

    /** The UTF-8 JSON body {@code {"message": {...}}} of {@code n}. */
    public static byte[] of(EventNotification n) {
        ArrayNode events = Json.mapper().valueToTree(n.events());
        ObjectNode raw = Json.object();
        raw.put("objectType", n.objectType());
        raw.set("events", events.deepCopy());
        raw.set(n.objectType(), Json.mapper().valueToTree(n.records()));

        ObjectNode message = Json.object();
        message.put("eventId", n.notificationId());
        message.put("instanceId", n.instanceId());
        // Both spellings exist in Cloud Elements payloads and integrations read either.
        message.put("instance_id", n.instanceId());
        message.put("elementKey", "sage200");
        message.put("hubKey", "finance");
        message.set("events", events);
        message.set("raw", raw);

        ObjectNode body = Json.object();
        body.set("message", message);
        return Json.toBytes(body);
    }
}
