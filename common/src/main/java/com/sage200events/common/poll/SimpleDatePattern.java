package com.sage200events.common.poll;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalField;
import java.time.temporal.WeekFields;
import java.util.Locale;

/**
 * Ports a {@link java.text.SimpleDateFormat} pattern, as Cloud Elements users write them, to an equivalent
 * {@link DateTimeFormatter}. The two pattern languages share letters but not meanings ({@code S} is
 * milliseconds in one and a fraction in the other, {@code u} a weekday number versus a year, {@code X} and
 * {@code Z} differ in their zero forms), so the pattern is rebuilt letter by letter instead of passed through.
 */
public final class SimpleDatePattern {

    private SimpleDatePattern() {
    }

    /** Builds the formatter; an illegal pattern is an {@link IllegalArgumentException} saying why. */
    public static DateTimeFormatter toFormatter(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("date pattern is empty");
        }
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                i = appendQuoted(pattern, i, builder);
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int count = 1;
                while (i + count < pattern.length() && pattern.charAt(i + count) == c) {
                    count++;
                }
                appendField(builder, c, count);
                i += count;
            } else {
                builder.appendLiteral(c);
                i++;
            }
        }
        return builder.toFormatter(Locale.ROOT);
    }

    private static int appendQuoted(String pattern, int start, DateTimeFormatterBuilder builder) {
        if (start + 1 < pattern.length() && pattern.charAt(start + 1) == '\'') {
            builder.appendLiteral('\'');
            return start + 2;
        }
        StringBuilder literal = new StringBuilder();
        int i = start + 1;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    literal.append('\'');
                    i += 2;
                    continue;
                }
                builder.appendLiteral(literal.toString());
                return i + 1;
            }
            literal.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated quote in date pattern '" + pattern + "'");
    }

    private static void appendField(DateTimeFormatterBuilder b, char letter, int count) {
        switch (letter) {
            case 'G' -> b.appendText(ChronoField.ERA, count >= 4 ? TextStyle.FULL : TextStyle.SHORT);
            case 'y' -> appendYear(b, ChronoField.YEAR_OF_ERA, count);
            case 'Y' -> appendYear(b, WeekFields.ISO.weekBasedYear(), count);
            case 'M', 'L' -> appendMonth(b, count);
            case 'w' -> number(b, WeekFields.ISO.weekOfWeekBasedYear(), count);
            case 'W' -> number(b, WeekFields.ISO.weekOfMonth(), count);
            case 'D' -> number(b, ChronoField.DAY_OF_YEAR, count);
            case 'd' -> number(b, ChronoField.DAY_OF_MONTH, count);
            case 'F' -> number(b, ChronoField.ALIGNED_WEEK_OF_MONTH, count);
            case 'E' -> b.appendText(ChronoField.DAY_OF_WEEK, count >= 4 ? TextStyle.FULL : TextStyle.SHORT);
            case 'u' -> number(b, ChronoField.DAY_OF_WEEK, count);
            case 'a' -> b.appendText(ChronoField.AMPM_OF_DAY, TextStyle.SHORT);
            case 'H' -> number(b, ChronoField.HOUR_OF_DAY, count);
            case 'k' -> number(b, ChronoField.CLOCK_HOUR_OF_DAY, count);
            case 'K' -> number(b, ChronoField.HOUR_OF_AMPM, count);
            case 'h' -> number(b, ChronoField.CLOCK_HOUR_OF_AMPM, count);
            case 'm' -> number(b, ChronoField.MINUTE_OF_HOUR, count);
            case 's' -> number(b, ChronoField.SECOND_OF_MINUTE, count);
            // SimpleDateFormat's S is a count of milliseconds, not a fraction of a second.
            case 'S' -> number(b, ChronoField.MILLI_OF_SECOND, count);
            case 'z' -> b.appendZoneText(count >= 4 ? TextStyle.FULL : TextStyle.SHORT);
            case 'Z' -> b.appendOffset("+HHMM", "+0000");
            case 'X' -> b.appendOffset(switch (count) {
                case 1 -> "+HH";
                case 2 -> "+HHMM";
                case 3 -> "+HH:MM";
                default -> throw new IllegalArgumentException("X may repeat at most 3 times");
            }, "Z");
            default -> throw new IllegalArgumentException("illegal pattern letter '" + letter + "'");
        }
    }

    private static void appendYear(DateTimeFormatterBuilder b, TemporalField field, int count) {
        if (count == 2) {
            b.appendValueReduced(field, 2, 2, 2000);
        } else {
            b.appendValue(field, count, 10, count >= 4 ? SignStyle.EXCEEDS_PAD : SignStyle.NORMAL);
        }
    }

    private static void appendMonth(DateTimeFormatterBuilder b, int count) {
        if (count >= 4) {
            b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
        } else if (count == 3) {
            b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
        } else {
            number(b, ChronoField.MONTH_OF_YEAR, count);
        }
    }

    private static void number(DateTimeFormatterBuilder b, TemporalField field, int count) {
        int natural = field == ChronoField.DAY_OF_YEAR || field == ChronoField.MILLI_OF_SECOND ? 3 : 2;
        // A repeated letter is a fixed width, as SimpleDateFormat reads "yyyyMMdd" by fixed widths.
        if (count >= natural) {
            b.appendValue(field, count);
        } else {
            b.appendValue(field, count, natural, SignStyle.NOT_NEGATIVE);
        }
    }
}
