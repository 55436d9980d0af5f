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
        List<DeliveryAttempt> attemptLog) {
}
