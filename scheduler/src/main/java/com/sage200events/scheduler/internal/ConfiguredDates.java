package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.DatesConfiguration;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.sage.UnreadableDate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a hub record's dates with exactly the poller's {@code datesConfiguration} (field, {@code SimpleDateFormat}
 * pattern, zone), for the dry run (DESIGN §4 "Dry run"). Stricter than the worker on purpose: the worker falls back
 * to ISO-8601 when the pattern does not match ({@code DateFormats.parseLenient}), so a wrong
 * {@code updatedDateFormat} never shows in production; here every value the pattern itself cannot read is reported
 * with what the worker does instead.
 */
final class ConfiguredDates {

    private ConfiguredDates() {
    }

    /** Every configured date of {@code hubRecord} (a record as emitted) that its pattern cannot read. */
    static List<UnreadableDate> misses(String objectId, JsonNode hubRecord, DatesConfiguration dates) {
        List<UnreadableDate> misses = new ArrayList<>(2);
        check(objectId, hubRecord, dates.updatedDateField(), dates.updatedDateFormat(), dates.updatedDateTimezone(),
                "the event is dated by date_time_updated").ifPresent(misses::add);
        check(objectId, hubRecord, dates.createdDateField(), dates.createdDateFormat(), dates.createdDateTimezone(),
                "none: CREATED/UPDATED is decided on Sage's date_time_created").ifPresent(misses::add);
        return misses;
    }

    private static Optional<UnreadableDate> check(String objectId, JsonNode hubRecord, String field, String pattern, ZoneId zone,
                                                  String whenUnreadable) {
        String raw = UnreadableDate.rawValue(hubRecord, field);
        if (raw != null && DateFormats.parse(raw, pattern, zone).isPresent()) {
            return Optional.empty();
        }
        Optional<Instant> fallback = raw == null ? Optional.empty() : DateFormats.parseIso(raw);
        String effect = raw == null ? "the field is missing; " + whenUnreadable
                : fallback.map(instant -> "the worker reads it as ISO-8601 instead (" + instant + ")")
                        .orElse("unreadable; " + whenUnreadable);
        return Optional.of(new UnreadableDate(objectId, field, raw, pattern, effect));
    }
}
