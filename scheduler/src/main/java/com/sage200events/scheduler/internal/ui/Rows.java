package com.sage200events.scheduler.internal.ui;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns what the services answer into the rows the templates print: plain strings, "—" for nothing. */
final class Rows {

    static final String NOTHING = "—";

    private Rows() {
    }

    /**
     * One resource of {@code GET /instances/{id}/status} (fields written by the worker's status store). Catching
     * up shows where an interrupted pass resumes ({@code catchingUpFrom}: stamp and id), else "—".
     */
    static Map<String, Object> resource(String name, Map<?, ?> status) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("state", text(status.get("state")));
        row.put("cursor", text(status.get("cursor")));
        row.put("lastPoll", text(status.get("lastPollEnd")));
        Object error = status.get("lastError");
        row.put("lastError", error == null || error.toString().isEmpty() ? NOTHING
                : error + " (" + text(status.get("lastErrorAt")) + ")");
        row.put("recordsRead", text(status.get("recordsRead"), "0"));
        row.put("eventsEmitted", text(status.get("eventsEmitted"), "0"));
        Object catchingUp = status.get("catchingUpFrom");
        row.put("catchingUp", catchingUp == null || catchingUp.toString().isEmpty() ? NOTHING : "from " + catchingUp);
        return row;
    }

    /** One notification: status, events, attempt log and, when its payload is kept, the body as sent. */
    static Map<String, Object> notification(DeliveryRecord record, Function<String, Optional<String>> bodyAsSent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", record.notificationId());
        row.put("status", record.status().name());
        row.put("objectType", record.objectType());
        row.put("events", record.events().stream()
                .map(e -> e.get("eventType") + " " + record.objectType() + " " + e.get("objectId")).toList());
        row.put("attempts", record.attempts());
        row.put("firstSeen", text(record.firstSeenAt()));
        row.put("nextAttempt", record.status() == DeliveryStatus.RETRY ? text(record.nextAttemptAt()) : NOTHING);
        row.put("parkedReason", text(record.parkedReason()));
        row.put("attemptLog", record.attemptLog().stream().map(Rows::attempt).toList());
        row.put("parked", record.status() == DeliveryStatus.QUEUED);
        // A delivered notification can be replayed once through the same action (issue 14).
        row.put("replayable", record.status() == DeliveryStatus.DELIVERED);
        row.put("replay", record.replay() == null ? null : record.replay().state().name());
        row.put("body", record.status() == DeliveryStatus.QUEUED ? bodyAsSent.apply(record.notificationId()).orElse(null) : null);
        return row;
    }

    private static String attempt(DeliveryAttempt a) {
        String outcome = a.statusCode() == 0 ? "no answer" : "HTTP " + a.statusCode();
        return "#" + a.number() + (a.replay() ? " replay" : "") + " " + outcome + " in " + a.latencyMs() + " ms at " + a.at()
                + (a.error() == null ? "" : " (" + a.error() + ")");
    }

    /** The latest {@code lastPollEnd} among resources, or "—". */
    static String lastPoll(Map<?, ?> resources) {
        return resources.values().stream().map(r -> ((Map<?, ?>) r).get("lastPollEnd")).filter(v -> v != null && !v.toString().isEmpty())
                .map(Object::toString).max(String::compareTo).orElse(NOTHING);
    }

    /** Resources whose last poll failed. */
    static List<String> failingResources(Map<?, ?> resources) {
        return resources.entrySet().stream().filter(e -> "FAILING".equals(((Map<?, ?>) e.getValue()).get("state")))
                .map(e -> e.getKey().toString()).toList();
    }

    private static String text(Object value) {
        return text(value, NOTHING);
    }

    private static String text(Object value, String fallback) {
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value == null || value.toString().isEmpty() ? fallback : value.toString();
    }
}
