package com.sage200events.common.model;

/**
 * One change of one record (created, updated, or gone from Sage), in the Cloud Elements shape our users' integrations already parse.
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
    /** A record that an id reconciliation no longer finds in Sage (DESIGN §4 "Deletions"). */
    public static final String DELETED = "DELETED";
}
