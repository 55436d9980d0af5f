package com.sage200events.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sage200events.testkit.ReceivedRequest;
import com.sage200events.testkit.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The events a callback received, read from the Cloud Elements body {@code {"message":{"events":[…]}}}. */
final class Deliveries {

    /** One event of one notification, as the customer's endpoint saw it. */
    record Delivered(String eventId, String objectType, String objectId, String date) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Deliveries() {}

    /** Every event POSTed to {@code path}, repeats included, in arrival order. */
    static List<Delivered> events(WebhookReceiver receiver, String path) {
        List<Delivered> events = new ArrayList<>();
        for (ReceivedRequest request : receiver.requests(path)) {
            for (JsonNode event : json(request.body()).path("message").path("events")) {
                events.add(new Delivered(event.path("eventId").asText(), event.path("objectType").asText(),
                        event.path("objectId").asText(), event.path("date").asText()));
            }
        }
        return events;
    }

    static Set<String> eventIds(WebhookReceiver receiver, String path) {
        return events(receiver, path).stream().map(Delivered::eventId).collect(Collectors.toSet());
    }

    /** How many events each notification carried: the contract says 1 to 10. */
    static List<Integer> batchSizes(WebhookReceiver receiver, String path) {
        return receiver.requests(path).stream().map(r -> json(r.body()).path("message").path("events").size()).toList();
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("a delivery that is not JSON: " + body, e);
        }
    }
}
