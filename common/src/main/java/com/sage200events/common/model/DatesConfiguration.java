package com.sage200events.common.model;

import java.time.ZoneId;

/**
 * Which hub-record fields carry a record's updated and created dates, and how they are written. Defaults are
 * the seed document's: {@code updated_at}/{@code created_at} in {@code yyyy-MM-dd'T'HH:mm:ss'Z'}, GMT.
 */
public record DatesConfiguration(
        String updatedDateField,
        String updatedDateFormat,
        ZoneId updatedDateTimezone,
        String createdDateField,
        String createdDateFormat,
        ZoneId createdDateTimezone) {

    public static DatesConfiguration defaults() {
        return new DatesConfiguration("updated_at", "yyyy-MM-dd'T'HH:mm:ss'Z'", ZoneId.of("GMT"),
                "created_at", "yyyy-MM-dd'T'HH:mm:ss'Z'", ZoneId.of("GMT"));
    }
}
