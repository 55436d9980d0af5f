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
        if (HUB_PATTERN.equals(pattern) && ZoneOffset.UTC.equals(zone)) {
            String hub = formatHubStamp(instant);
            if (hub != null) {
                return hub;
            }
        }
        return formatter(pattern).format(instant.atZone(zone));
    }

    /**
     * {@link #HUB_PATTERN} in UTC written directly: the worker writes three per record, and the formatter costs
     * several times more. Null outside the years 1000 to 9999, which the formatter writes (it pads and signs them).
     */
    private static String formatHubStamp(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return null;
        }
        char[] out = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
        put(out, 0, t.getYear(), 4);
        put(out, 5, t.getMonthValue(), 2);
        put(out, 8, t.getDayOfMonth(), 2);
        put(out, 11, t.getHour(), 2);
        put(out, 14, t.getMinute(), 2);
        put(out, 17, t.getSecond(), 2);
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses {@code text} by {@code pattern}; fields the pattern lacks default to midnight and to
     * {@code zone}. Empty when the text does not match.
     */
    public static Optional<Instant> parse(String text, String pattern, ZoneId zone) {
        if (HUB_PATTERN.equals(pattern)) {
            Instant hub = parseHubStamp(text, zone);
            if (hub != null) {
                return Optional.of(hub);
            }
        }
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
     * {@link #HUB_PATTERN} text read directly, {@code dddd-dd-ddTdd:dd:ddZ} (letters in either case, as the
     * formatter reads them), for the same reason as {@link #formatHubStamp}. Null for any other text and for values
     * out of range, which the formatter then reads by its own rules (e.g. it moves 24:00 to the next day).
     */
    private static Instant parseHubStamp(String s, ZoneId zone) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':' || (s.charAt(19) != 'Z' && s.charAt(19) != 'z')) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || year == 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
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
        Instant common = parseCommonIso(text);
        if (common != null) {
            return Optional.of(common);
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

    /**
     * The shapes Sage writes, {@code yyyy-MM-ddTHH:mm:ss}, then 1 to 9 fraction digits or none, then {@code Z},
     * {@code ±HH:MM} or nothing (UTC), read without {@link DateTimeFormatter}, which costs several times more (a
     * worker reads two stamps per record). Null for any other text, and for values out of range, so that the
     * formatter decides those: this only ever gives the instant {@code ISO_DATE_TIME} would give.
     */
    private static Instant parseCommonIso(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int first = ++i;
            while (i < n && i - first < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == first) {
                return null;
            }
            for (int scale = i - first; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        try {
            ZoneOffset offset;
            if (i == n) {
                offset = ZoneOffset.UTC;
            } else if (s.charAt(i) == 'Z' && i + 1 == n) {
                offset = ZoneOffset.UTC;
            } else if ((s.charAt(i) == '+' || s.charAt(i) == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
                int hours = digits(s, i + 1, 2);
                int minutes = digits(s, i + 4, 2);
                if ((hours | minutes) < 0) {
                    return null;
                }
                int sign = s.charAt(i) == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } else {
                return null;
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The ASCII digits at {@code from}, {@code count} of them, as a number; -1 if any is not one. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
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
