package com.sage200events.common.poll;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Formats and parses instants with user-supplied SimpleDateFormat patterns, and Sage's own ISO stamps. */
public final class DateFormats {

    /** How hub records render {@code created_at}/{@code updated_at}. */
    public static final String HUB_PATTERN = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static final ConcurrentMap<String, DateTimeFormatter> CACHE = new ConcurrentHashMap<>();

    private DateFormats() {
    }

    public static DateTimeFormatter formatter(String pattern) {
        return CACHE.computeIfAbsent(pattern, SimpleDatePattern::toFormatter);
    }

    public static String format(Instant instant, String pattern, ZoneId zone) {
        return formatter(pattern).format(instant.atZone(zone));
    }

    /**
     * Parses {@code text} by {@code pattern}; fields the pattern lacks default to midnight and to
     * {@code zone}. Empty when the text does not match.
     */
    public static Optional<Instant> parse(String text, String pattern, ZoneId zone) {
        try {
            TemporalAccessor parsed = formatter(pattern).parse(text);
            LocalDate date = LocalDate.of(
                    parsed.isSupported(ChronoField.YEAR_OF_ERA) ? parsed.get(ChronoField.YEAR_OF_ERA) : 1970,
                    parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                    parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1);
            LocalTime time = LocalTime.of(
                    parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0,
                    parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0,
                    parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
                    parsed.isSupported(ChronoField.MILLI_OF_SECOND)
                            ? parsed.get(ChronoField.MILLI_OF_SECOND) * 1_000_000 : 0);
            ZoneId parsedZone = parsed.query(TemporalQueries.zone());
            return Optional.of(date.atTime(time).atZone(parsedZone != null ? parsedZone : zone).toInstant());
        } catch (DateTimeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses an ISO-8601 stamp with any number of fraction digits, with or without zone; a stamp without a
     * zone is UTC, as Sage's stamps are.
     */
    public static Optional<Instant> parseIso(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DateTimeFormatter.ISO_DATE_TIME.parse(text, temporal ->
                    temporal.isSupported(ChronoField.OFFSET_SECONDS)
                            ? Instant.from(temporal)
                            : LocalDateTime.from(temporal).toInstant(ZoneOffset.UTC)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Reads a record date by its configured pattern and, failing that, as ISO-8601. */
    public static Optional<Instant> parseLenient(String text, String pattern, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Instant> byPattern = pattern == null ? Optional.empty() : parse(text, pattern, zone);
        return byPattern.isPresent() ? byPattern : parseIso(text);
    }

    /** Sage's rendering: UTC, millisecond precision, trailing zero fraction digits trimmed. */
    public static String sageStamp(Instant instant) {
        String text = DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        int dot = text.indexOf('.');
        if (dot < 0) {
            return text;
        }
        int end = text.length() - 1; // the 'Z'
        while (end > dot + 1 && text.charAt(end - 1) == '0') {
            end--;
        }
        return text.substring(0, end) + "Z";
    }

    /** OData datetime literal: unquoted, UTC, ending in Z. */
    public static String odataLiteral(Instant instant) {
        return sageStamp(instant);
    }
}
