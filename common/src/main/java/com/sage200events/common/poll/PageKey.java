package com.sage200events.common.poll;

import java.time.Instant;
import java.util.Optional;

/**
 * A keyset position in a Sage resource ordered by {@code date_time_updated, id}: the last row of a page, where
 * the next page or a resumed pass goes on (DESIGN.md §4 "Progress under faults").
 *
 * @param updated the row's {@code date_time_updated}, or null for rows without one (read last, by id)
 * @param id the row's Sage id
 */
public record PageKey(Instant updated, long id) {

    /** {@code epochMillis|id}, or {@code null|id}: how a pass in progress stores where it resumes. */
    public String encode() {
        return (updated == null ? "null" : Long.toString(updated.toEpochMilli())) + "|" + id;
    }

    /** For people: {@code 2026-11-29T10:00:00.123Z, id 42}. */
    public String describe() {
        return (updated == null ? "rows without date_time_updated" : updated.toString()) + ", id " + id;
    }

    /** The key {@link #encode()} wrote; empty for null or empty text. */
    public static Optional<PageKey> decode(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        int bar = text.indexOf('|');
        String stamp = text.substring(0, bar);
        return Optional.of(new PageKey("null".equals(stamp) ? null : Instant.ofEpochMilli(Long.parseLong(stamp)),
                Long.parseLong(text.substring(bar + 1))));
    }
}
