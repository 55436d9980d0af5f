package com.sage200events.common.model;

/**
 * One change of one record, in the Cloud Elements shape our users' integrations already parse.
 * {@code eventId} is deterministic (see {@link EventIds}) so re-polls and retries carry the same id.
 */
public record Event(
        String eventId,
        String eventType,
        String objectType,
        String objectId,
        String date,
        String pollDate,
        String elementKey,
        String hubKey) {

    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
}
