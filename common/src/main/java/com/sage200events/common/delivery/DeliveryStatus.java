package com.sage200events.common.delivery;

/** Where one notification stands: {@code NEW → RETRY → DELIVERED | QUEUED} (DESIGN.md §6). */
public enum DeliveryStatus {
    /** Received from {@code sage.events}, first attempt not finished yet. */
    NEW,
    /** An attempt failed; the next one is scheduled in the retry queue. */
    RETRY,
    /** A 2xx answer was received. */
    DELIVERED,
    /** Parked in {@code sage.events.dlq} after the last retry (Cloud Elements' "queue" policy); can be redelivered. */
    QUEUED
}
