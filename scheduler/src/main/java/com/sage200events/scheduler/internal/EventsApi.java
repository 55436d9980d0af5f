package com.sage200events.scheduler.internal;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.Redeliveries;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.WebhookSecrets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The delivery side of one instance: its recent notifications with status, attempts and last replay; redelivery
 * of parked ones, replay of delivered ones and of a time range (issue 14, DESIGN.md §6); and rotation of the
 * Standard Webhooks signing secret. Every route resolves the instance through
 * {@link ApiAccess#instance}, so another organization's instance is a 404 here as everywhere.
 */
public final class EventsApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = DeliveryLog.RECENT_PER_INSTANCE;
    static final Duration MAX_GRACE = Duration.ofDays(7);

    private final ApiAccess access;
    private final DeliveryLog deliveryLog;
    private final Redeliveries redeliveries;
    private final WebhookSecrets secrets;
    private final Clock clock;

    public EventsApi(ApiAccess access, RedisStores redis, Clock clock) {
        this.access = access;
        this.deliveryLog = redis.deliveryLog();
        this.redeliveries = redis.redeliveries();
        this.secrets = redis.webhookSecrets();
        this.clock = clock;
    }

    public void mount(Javalin app) {
        app.get("/instances/{id}/events", this::list);
        app.post("/instances/{id}/events/redeliver", this::redeliverAll);
        app.post("/instances/{id}/events/replay", this::replay);
        app.post("/instances/{id}/events/{eventId}/redeliver", this::redeliverOne);
        app.post("/instances/{id}/webhook-secret/rotate", this::rotateSecret);
    }

    /** {@code ?status=QUEUED&limit=50}: newest first. */
    private void list(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        DeliveryStatus status = status(ctx.queryParam("status"));
        int limit = limit(ctx.queryParam("limit"));
        List<Map<String, Object>> events = deliveryLog.recent(instance.id(), limit, status).stream().map(EventsApi::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceId", instance.id());
        body.put("events", events);
        ctx.json(body);
    }

    private void redeliverOne(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        String eventId = ctx.pathParam("eventId");
        OperatorActions.requireEventsEnabled(instance);
        boolean replay = Redelivery.redeliver(redeliveries, instance.id(), eventId, clock.instant());
        ctx.status(202).json(Map.of("redelivering", List.of(eventId), "replay", replay));
    }

    private void redeliverAll(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        OperatorActions.requireEventsEnabled(instance);
        ctx.status(202).json(Map.of("redelivering", redeliveries.redeliverAll(instance.id(), clock.instant())));
    }

    /**
     * {@code ?since=<ISO-8601>[&until=<ISO-8601>]}: replays once every settled notification the dispatcher first
     * received in {@code [since, until)} (until defaults to now) that the delivery log still holds. {@code 202} with
     * the count and the ids; progress shows in the events list as each one's {@code replay.state}.
     */
    private void replay(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        OperatorActions.requireEventsEnabled(instance);
        Instant now = clock.instant();
        Instant since = instant(ctx.queryParam("since"), "since", null);
        Instant until = instant(ctx.queryParam("until"), "until", now);
        if (!since.isBefore(until)) {
            throw new ValidationException(List.of(new FieldError("until", "must be after since")));
        }
        List<String> replaying = redeliveries.replaySince(instance.id(), since, until, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", replaying.size());
        body.put("since", since.toString());
        body.put("until", until.toString());
        body.put("replaying", replaying);
        ctx.status(202).json(body);
    }

    /** An ISO-8601 instant with an offset ({@code 2026-11-29T10:00:00Z}, {@code …+01:00}); {@code fallback} when absent (null: required). */
    static Instant instant(String text, String field, Instant fallback) {
        if (text == null || text.isBlank()) {
            if (fallback == null) {
                throw new ValidationException(List.of(new FieldError(field, "is required: an ISO-8601 time such as 2026-11-29T10:00:00Z")));
            }
            return fallback;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(List.of(new FieldError(field, "must be an ISO-8601 time with an offset, such as 2026-11-29T10:00:00Z")));
        }
    }

    /** {@code ?graceHours=24}: how long the old secret keeps signing next to the new one (0..168). */
    private void rotateSecret(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        Duration grace = WebhookSecrets.DEFAULT_ROTATION_GRACE;
        String hours = ctx.queryParam("graceHours");
        if (hours != null) {
            try {
                grace = Duration.ofHours(Long.parseLong(hours));
            } catch (NumberFormatException e) {
                throw new ValidationException(List.of(new FieldError("graceHours", "must be a whole number of hours")));
            }
            if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
                throw new ValidationException(List.of(new FieldError("graceHours", "must be between 0 and " + MAX_GRACE.toHours())));
            }
        }
        WebhookSecrets.Rotation rotation = secrets.rotate(instance.id(), clock.instant(), grace);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhookSecret", rotation.secret());
        body.put("previousSecretValidUntil", rotation.previousValidUntil() == null ? null : rotation.previousValidUntil().toString());
        ctx.json(body);
    }

    private static Map<String, Object> view(DeliveryRecord r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("eventId", r.notificationId());
        view.put("status", r.status().name());
        view.put("objectType", r.objectType());
        view.put("events", r.events());
        view.put("attempts", r.attempts());
        view.put("firstSeenAt", text(r.firstSeenAt()));
        view.put("nextAttemptAt", r.status() == DeliveryStatus.RETRY ? text(r.nextAttemptAt()) : null);
        if (r.parkedReason() != null) {
            view.put("parkedReason", r.parkedReason());
        }
        if (r.replay() != null) {
            Map<String, Object> replay = new LinkedHashMap<>();
            replay.put("state", r.replay().state().name());
            replay.put("requestedAt", text(r.replay().requestedAt()));
            replay.put("endedAt", text(r.replay().endedAt()));
            view.put("replay", replay);
        }
        view.put("attemptLog", r.attemptLog().stream().map(EventsApi::view).toList());
        return view;
    }

    private static Map<String, Object> view(DeliveryAttempt a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("attempt", a.number());
        view.put("at", text(a.at()));
        view.put("statusCode", a.statusCode());
        view.put("latencyMs", a.latencyMs());
        if (a.error() != null) {
            view.put("error", a.error());
        }
        if (a.replay()) {
            view.put("replay", true);
        }
        return view;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static DeliveryStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(List.of(new FieldError("status", "must be one of " + List.of(DeliveryStatus.values()))));
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new ValidationException(List.of(new FieldError("limit", "must be a number from 1 to " + MAX_LIMIT)));
    }
}
