package com.sage200events.common.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the delivery log knows about one notification, for the API.
 *
 * @param notificationId the message id ({@code message.eventId}, {@code Elements-Webhook-Id}, {@code webhook-id})
 * @param events one entry per event carried: eventId, eventType, objectId
 * @param nextAttemptAt when the next retry is due; null unless {@link DeliveryStatus#RETRY}
 * @param parkedReason why it was parked; null unless {@link DeliveryStatus#QUEUED}
 * @param attemptLog the most recent attempts, oldest first
 * @param replay the last replay asked for it, or null when none was
 */
public record DeliveryRecord(
        String notificationId,
        long instanceId,
        DeliveryStatus status,
        String objectType,
        List<Map<String, String>> events,
        int attempts,
        Instant firstSeenAt,
        Instant nextAttemptAt,
        String parkedReason,
        List<DeliveryAttempt> attemptLog,
        Replay replay) {

    /** Where a replay stands: {@code PENDING} until its one attempt ends {@code DELIVERED} or {@code FAILED}. */
    public enum ReplayState { PENDING, DELIVERED, FAILED }

    /**
     * The last replay of a notification.
     *
     * @param endedAt when its attempt ended; null while {@link ReplayState#PENDING}
     */
    public record Replay(ReplayState state, Instant requestedAt, Instant endedAt) {
    }
}
