package com.sage200events.dispatcher.internal;

import com.sage200events.common.delivery.DeliveryAttempt;
import java.time.Instant;

/**
 * What became of one job, to be made durable by the {@link OutcomeWriter}.
 *
 * @param attempt     the attempt that led here, or null when none was made (deferred, dropped, duplicate)
 * @param nextAttempt when the next attempt is due ({@link Kind#RETRY}, {@link Kind#DEFERRED})
 * @param reason      why it was parked or dropped
 */
record Outcome(DeliveryJob job, Kind kind, DeliveryAttempt attempt, Instant nextAttempt, String reason, boolean disableEvents) {

    enum Kind {
        /** Not an outcome: the job was admitted and is on its way; log it as {@code NEW}. Completes nothing. */
        RECEIVED,
        /** 2xx: log it, remember its event ids. */
        DELIVERED,
        /** Failed, retries left: into the retry queue. */
        RETRY,
        /** Into the retry queue without an attempt: its endpoint was saturated. */
        DEFERRED,
        /** Exhausted, refused by the SSRF guard, 410, or owed to an instance whose events were switched off. */
        PARKED,
        /** Nothing to do: the instance is gone, its events are off, or every event was delivered already. */
        DROPPED,
        /** A replay answered 2xx: log it (the notification is now {@code DELIVERED}), remember its event ids. */
        REPLAYED,
        /** A replay's one attempt failed: log it, leave the notification's status as it was. Never retried. */
        REPLAY_FAILED
    }

    static Outcome received(DeliveryJob job) {
        return new Outcome(job, Kind.RECEIVED, null, null, null, false);
    }

    /** Whether this ends the job, so its offset may be committed once written. */
    boolean isFinal() {
        return kind != Kind.RECEIVED;
    }

    static Outcome delivered(DeliveryJob job, DeliveryAttempt attempt) {
        return new Outcome(job, Kind.DELIVERED, attempt, null, null, false);
    }

    static Outcome retry(DeliveryJob job, DeliveryAttempt attempt, Instant next) {
        return new Outcome(job, Kind.RETRY, attempt, next, null, false);
    }

    static Outcome deferred(DeliveryJob job, Instant next) {
        return new Outcome(job, Kind.DEFERRED, null, next, null, false);
    }

    static Outcome parked(DeliveryJob job, DeliveryAttempt attempt, String reason, boolean disableEvents) {
        return new Outcome(job, Kind.PARKED, attempt, null, reason, disableEvents);
    }

    static Outcome replayed(DeliveryJob job, DeliveryAttempt attempt, boolean delivered) {
        return new Outcome(job, delivered ? Kind.REPLAYED : Kind.REPLAY_FAILED, attempt, null, null, false);
    }

    static Outcome dropped(DeliveryJob job, String reason) {
        return new Outcome(job, Kind.DROPPED, null, null, reason, false);
    }
}
