package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record date that could not be read, with the value as Sage (or the hub rendering) gave it, so a person can
 * see why (DESIGN §4 "Classification": such records are reported, never silently dropped).
 *
 * @param objectId the record's id as text, or {@code "?"} when it has none
 * @param field the field read: Sage's {@code date_time_updated} or the poller's configured date field
 * @param value the raw value: the text of a string, the JSON of anything else, {@code null} when the field is absent
 * @param format what the value was read with: a {@code SimpleDateFormat} pattern, or {@code ISO-8601}
 * @param effect what the poller does with the record because of it, in words
 */
public record UnreadableDate(String objectId, String field, String value, String format, String effect) {

    /** The raw value of {@code field} in {@code record}: its text, its JSON for a non-string, {@code null} when absent. */
    public static String rawValue(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null) {
            return null;
        }
        return node.isTextual() ? node.asText() : node.toString();
    }
}
