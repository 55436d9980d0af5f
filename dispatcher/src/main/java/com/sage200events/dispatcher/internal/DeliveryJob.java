package com.sage200events.dispatcher.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceSettings;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One notification on its way to a final outcome or to the retry queue. {@link #done} completes once that
 * outcome is durable (logged, parked or scheduled), which is when the consumer may commit its offset.
 */
final class DeliveryJob {

    final int attemptsMade;
    final boolean fromRetryQueue;
    /**
     * A replay asked through the API (issue 14): signed afresh, tried once, never deduplicated, never counted by the
     * endpoint's breaker or its 410 handling; its outcome is {@link Outcome.Kind#REPLAYED} or {@link Outcome.Kind#REPLAY_FAILED}.
     */
    final boolean replay;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    // Set at admission, on the admitting thread, before the job is handed to any other thread.
    EventNotification notification;
    /**
     * The notification as JSON text when it came as such (the Kafka record, the retry entry), so the delivery log,
     * the retry queue and the DLQ store it without serializing it again; null once {@link #notification} is changed.
     */
    String notificationJson;
    InstanceSettings settings;
    List<String> webhookSecrets;
    URI url;
    /** {@link EndpointGate#keyOf} of {@link #url}. */
    String endpointKey;
    byte[] body;
    Instant admittedAt;
    /** Signed at admission, off the HTTP client's threads. */
    Map<String, String> headers;

    DeliveryJob(EventNotification notification, int attemptsMade, boolean fromRetryQueue) {
        this(notification, attemptsMade, fromRetryQueue, false);
    }

    DeliveryJob(EventNotification notification, int attemptsMade, boolean fromRetryQueue, boolean replay) {
        this.notification = notification;
        this.attemptsMade = attemptsMade;
        this.fromRetryQueue = fromRetryQueue;
        this.replay = replay;
    }

    /** The notification as JSON text: as it came, or serialized once on first use (on the job's one outcome writer). */
    String json() {
        if (notificationJson == null) {
            notificationJson = Json.toString(notification);
        }
        return notificationJson;
    }

    String id() {
        return notification.notificationId();
    }

    @Override
    public String toString() {
        return "notification " + notification.notificationId() + " of instance " + notification.instanceId();
    }
}
