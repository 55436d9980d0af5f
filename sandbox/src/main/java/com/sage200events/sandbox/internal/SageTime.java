package com.sage200events.sandbox.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Sage 200's way of writing and reading datetimes.
 *
 * <p>Sage stores stamps to the millisecond and prints them as UTC with the fraction's trailing zeros
 * dropped: {@code 2024-02-28T14:06:36.61Z}, {@code …:36Z}, {@code …:36.613Z}. Clients must therefore
 * accept 0 to 3 fraction digits; {@link DateTimeFormatter#ISO_INSTANT} would print {@code .610}.
 */
public final class SageTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private SageTime() {}

    /** The clock's instant cut to Sage's millisecond precision. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Today's midnight UTC on the given clock, how Sage holds date-only fields. */
    public static Instant today(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS);
    }

    /**
     * Written by hand rather than with a formatter: every record carries several stamps and is rendered
     * on each write, so this sits on the path that seeds 100,000 records for a benchmark.
     */
    public static String format(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(24);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            out.append(SECONDS.format(utc));
        } else {
            pad(out, utc.getYear(), 4).append('-');
            pad(out, utc.getMonthValue(), 2).append('-');
            pad(out, utc.getDayOfMonth(), 2).append('T');
            pad(out, utc.getHour(), 2).append(':');
            pad(out, utc.getMinute(), 2).append(':');
            pad(out, utc.getSecond(), 2);
        }
        int millis = utc.getNano() / 1_000_000;
        if (millis != 0) {
            out.append('.').append((char) ('0' + millis / 100));
            int rest = millis % 100;
            if (rest != 0) {
                out.append((char) ('0' + rest / 10));
                if (rest % 10 != 0) {
                    out.append((char) ('0' + rest % 10));
                }
            }
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    /**
     * Reads what Sage and OData clients send: an ISO-8601 instant with {@code Z} or an offset and any
     * number of fraction digits, a local date-time (taken as UTC, as Sage prints some fields without a
     * zone) or a bare date (midnight UTC).
     *
     * @throws IllegalArgumentException when the text is none of those
     */
    public static Instant parse(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            char last = text.charAt(text.length() - 1);
            boolean zoned = last == 'Z' || last == 'z' || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
            if (zoned) {
                return OffsetDateTime.parse(text.replace('z', 'Z'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time", e);
        }
    }
}
