package com.sage200events.scheduler.internal;

import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.delivery.WebhookBody;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.Redeliveries;
import com.sage200events.common.redis.RedisStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard ({@code internal.ui}) may see and do, as the API does it: the same services, the same
 * organization check, the same masking ({@link InstanceView}). Every instance is resolved through
 * {@link InstanceService#owned}, so another organization's instance is "not found" on a page as in the API.
 * Failures are the API's own exceptions; {@link #httpStatus} and their message are safe to show.
 */
public final class OperatorActions {

    /** Instances the dashboard lists on one page; the API's largest page. */
    public static final int PAGE_SIZE = InstancesApi.MAX_PAGE_SIZE;

    private final ApiAccess access;
    private final InstanceService service;
    private final InstanceUpdates updates;
    private final DeliveryLog deliveryLog;
    private final Redeliveries redeliveries;
    private final Clock clock;

    public OperatorActions(ApiAccess access, InstanceService service, InstanceUpdates updates, RedisStores redis,
                           Clock clock) {
        this.access = access;
        this.service = service;
        this.updates = updates;
        this.deliveryLog = redis.deliveryLog();
        this.redeliveries = redis.redeliveries();
        this.clock = clock;
    }

    /** The organization whose account these secrets are (the API's {@code User …, Organization …}), if any. */
    public Optional<String> signIn(String userSecret, String organizationSecret) {
        if (userSecret == null || organizationSecret == null || userSecret.isBlank() || organizationSecret.isBlank()) {
            return Optional.empty();
        }
        return access.accounts().organization(userSecret.trim(), organizationSecret.trim());
    }

    /** The first {@link #PAGE_SIZE} instances of the organization, as {@code GET /instances} shows them (masked). */
    public List<Map<String, Object>> instances(String organization) {
        return service.list(organization, 1, PAGE_SIZE).items();
    }

    /** How many instances the organization has in all. */
    public long instanceCount(String organization) {
        return service.list(organization, 1, 1).total();
    }

    /** One instance of the organization; a 404 {@link RuntimeException} otherwise. */
    public StoredInstance instance(String organization, long id) {
        return service.owned(organization, id);
    }

    /** {@code GET /instances/{id}}: the instance with its configuration's secrets masked. */
    public Map<String, Object> view(StoredInstance instance) {
        return InstanceView.of(instance);
    }

    /** {@code GET /instances/{id}/status}: {@code resources} maps each resource to its status fields. */
    public Map<String, Object> status(StoredInstance instance) {
        return service.status(instance);
    }

    /** {@code POST /instances/{id}/events/poll}; a 409 unless the instance is active with events on. */
    public List<String> pollNow(StoredInstance instance) {
        return service.pollNow(instance, null);
    }

    /** {@code PUT} or {@code DELETE /instances/{id}/enabled}. */
    public void setEventsEnabled(StoredInstance instance, boolean enabled) {
        updates.setEventsEnabled(instance, enabled);
    }

    /** {@code POST /instances/{id}/authorization}: a fresh Sage authorize URL. */
    public String reauthorize(StoredInstance instance) {
        return updates.reauthorize(instance).get("authorizationUrl").toString();
    }

    /** {@code GET /instances/{id}/events}: newest first, at most {@code limit}, only {@code status} when given. */
    public List<DeliveryRecord> notifications(StoredInstance instance, int limit, DeliveryStatus status) {
        return deliveryLog.recent(instance.id(), limit, status);
    }

    /**
     * The body the dispatcher posts for a parked notification, pretty-printed, while its parked payload is kept
     * ({@link DeliveryLog#parked}); empty for the others (the dashboard shows the body of parked ones only).
     */
    public Optional<String> bodyAsSent(String notificationId) {
        return deliveryLog.parkedPayload(notificationId).map(payload -> {
            byte[] body = WebhookBody.of(Json.fromString(payload, EventNotification.class));
            return Json.tree(new String(body, StandardCharsets.UTF_8)).toPrettyString();
        });
    }

    /**
     * {@code POST /instances/{id}/events/{eventId}/redeliver}: a parked notification on schedule ({@code false}), a
     * delivered one replayed once ({@code true}); refused as the API refuses it (404 unknown, 409 still being delivered
     * or events off, 410 payload expired; see {@link #httpStatus}).
     */
    public boolean redeliver(StoredInstance instance, String notificationId) {
        requireEventsEnabled(instance);
        return Redelivery.redeliver(redeliveries, instance.id(), notificationId, clock.instant());
    }

    /** {@code POST /instances/{id}/events/redeliver}: the ids of the parked notifications now redelivering. */
    public List<String> redeliverAll(StoredInstance instance) {
        requireEventsEnabled(instance);
        return redeliveries.redeliverAll(instance.id(), clock.instant());
    }

    /**
     * Refuses a redelivery or replay while the instance's events are off: the dispatcher would only park the
     * notification again (and replace why it was parked with "disabled"). A 409 naming {@code enabled}.
     */
    public static void requireEventsEnabled(StoredInstance instance) {
        if (!instance.settings().eventsEnabled()) {
            throw new ApiException(409, "enabled", "events of instance " + instance.id() + " are disabled; switch them on "
                    + "(PUT /instances/" + instance.id() + "/enabled) before redelivering or replaying");
        }
    }

    /** The HTTP status the API answers for {@code failure}: its own for API errors, 400 for bad input, else 500. */
    public static int httpStatus(RuntimeException failure) {
        if (failure instanceof ApiException api) {
            return api.status();
        }
        return failure instanceof ValidationException ? 400 : 500;
    }
}
