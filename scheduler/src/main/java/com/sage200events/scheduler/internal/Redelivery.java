package com.sage200events.scheduler.internal;

import com.sage200events.common.redis.Redeliveries;
import java.time.Instant;

/**
 * One notification redelivered on request, as the API ({@code POST /instances/{id}/events/{eventId}/redeliver}) and
 * the dashboard both answer it, so a refusal has the same status in both: {@code 404} for an id the instance's log does
 * not hold, {@code 409} while its own delivery is still running, {@code 410} once its payload is past the retention.
 */
final class Redelivery {

    private Redelivery() {
    }

    /**
     * @return {@code true} when a delivered notification is replayed once, {@code false} when a parked one is back on
     *     the retry schedule
     * @throws ApiException 404, 409 or 410 as above, naming {@code eventId}
     */
    static boolean redeliver(Redeliveries redeliveries, long instanceId, String eventId, Instant now) {
        return switch (redeliveries.redeliver(instanceId, eventId, now)) {
            case SCHEDULED -> false;
            case REPLAYING -> true;
            case NOT_FOUND -> throw ApiException.notFound("event " + eventId + " (use the message eventId, as in Elements-Webhook-Id)",
                    "eventId");
            case IN_FLIGHT -> throw new ApiException(409, "eventId", "event " + eventId + " is still being delivered (NEW or RETRY); "
                    + "redeliver it once it is DELIVERED or parked (QUEUED)");
            case PAYLOAD_EXPIRED -> throw new ApiException(410, "eventId", "the payload of event " + eventId + " is no longer kept "
                    + "(the delivery log keeps " + redeliveries.retention().keep().toDays() + " days); replay it from the sage.events.dlq "
                    + "or sage.events topic");
        };
    }
}
