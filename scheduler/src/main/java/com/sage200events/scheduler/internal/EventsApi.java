package com.sage200events.scheduler.internal;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryLog;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.delivery.Redeliveries;
import com.sage200events.common.delivery.WebhookSecrets;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.redis.RedisKeys;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.JedisPooled;

/**
 * The delivery side of one instance: its recent notifications with status and attempts, replay of parked
 * ones, and rotation of the Standard Webhooks signing secret. Every route resolves the instance through
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

    public EventsApi(ApiAccess access, JedisPooled redis, RedisKeys keys, Clock clock) {
        this.access = access;
        this.deliveryLog = new DeliveryLog(redis, keys);
        this.redeliveries = new Redeliveries(redis, keys);
        this.secrets = new WebhookSecrets(redis, keys);
        this.clock = clock;
    }

    public void mount(Javalin app) {
        app.get("/instances/{id}/events", this::list);
        app.post("/instances/{id}/events/redeliver", this::redeliverAll);
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
        switch (redeliveries.redeliver(instance.id(), eventId, clock.instant())) {
            case SCHEDULED -> ctx.status(202).json(Map.of("redelivering", List.of(eventId)));
            case NOT_FOUND -> throw ApiException.notFound("event " + eventId + " (use the message eventId, as in Elements-Webhook-Id)",
                    "eventId");
            case NOT_PARKED -> throw new ApiException(409, "eventId", "event " + eventId + " is not parked (QUEUED); "
                    + "only parked events are redelivered");
            case PAYLOAD_EXPIRED -> throw new ApiException(410, "eventId", "event " + eventId + " was parked more than "
                    + DeliveryLog.KEEP.toDays() + " days ago; replay it from the sage.events.dlq topic");
        }
    }

    private void redeliverAll(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        ctx.status(202).json(Map.of("redelivering", redeliveries.redeliverAll(instance.id(), clock.instant())));
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
