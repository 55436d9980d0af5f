package com.sage200events.common.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct readers and writers of Sage's and the hub's stamps give exactly what the {@link DateTimeFormatter}s
 * they stand in for give, for the shapes they take and for the texts they leave to the formatters.
 */
class DateFormatsTest {

    /** The same pattern as {@link DateFormats#HUB_PATTERN}, spelled so that it takes the formatter's path. */
    private static final String HUB_BY_FORMATTER = "yyyy-MM-dd'T'HH':'mm':'ss'Z'";

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T07:10:00Z", "2026-11-28T07:10:00.25Z", "2026-11-28T07:10:00.123456789Z",
            "2026-11-28T07:10:00", "2026-11-28T07:10:00.1", "2026-11-28T07:10:00+05:30", "2026-11-28T07:10:00.5-08:00",
            "2026-11-28T07:10:00-00:00", "2026-11-28T07:10:00+18:00", "2026-11-28T07:10:00+18:01", "2026-11-28T07:10:00+19:00",
            "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-28T24:00:00Z",
            "2026-11-28T23:60:00Z", "2026-11-28T23:59:60Z", "0000-01-01T00:00:00Z", "2026-11-28T07:10:00.Z",
            "2026-11-28T07:10:00.1234567891Z", "2026-11-28t07:10:00Z", "2026-11-28T07:10:00z", "2026-11-28T07:10Z",
            "2026-11-28T07:10:00Z[UTC]", "2026-11-28T07:10:00+0530", "2026-11-28T07:10:00+05", "+12026-11-28T07:10:00Z",
            " 2026-11-28T07:10:00Z", "2026-11-28T07:10:00Z ", "2026-11-28 07:10:00", "２０２６-11-28T07:10:00Z", "2026-1-28T07:10:00Z",
            "2026-11-28T07:10:00+05:3a", "not a date"})
    void isoStampsReadAsTheIsoFormatterReadsThem(String text) {
        assertThat(DateFormats.parseIso(text)).isEqualTo(isoByFormatter(text));
    }

    @Test
    void randomIsoStampsReadAsTheIsoFormatterReadsThem() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-20_000_000_000L, 200_000_000_000L), random.nextInt(1_000_000_000));
            String text = switch (i % 4) {
                case 0 -> DateTimeFormatter.ISO_INSTANT.format(instant);
                case 1 -> DateFormats.sageStamp(instant);
                case 2 -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofTotalSeconds(random.nextInt(-18, 19) * 3600)));
                default -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            };
            assertThat(DateFormats.parseIso(text)).as(text).isEqualTo(isoByFormatter(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T07:10:00Z", "2026-11-28t07:10:00z", "2026-02-30T00:00:00Z", "2026-11-28T24:00:00Z",
            "2026-11-31T07:10:00Z", "2026-13-28T07:10:00Z", "0000-11-28T07:10:00Z", "0001-01-01T00:00:00Z", "2026-03-29T01:30:00Z",
            "2026-11-28T07:10:00", "2026-11-28T07:10:00.5Z", "20261-11-28T07:10:00Z", "2026-11-28T07:10:0aZ", "x"})
    void hubStampsReadAsThePatternsFormatterReadsThem(String text) {
        for (ZoneId zone : List.of(ZoneId.of("GMT"), ZoneOffset.UTC, ZoneId.of("Europe/London"), ZoneId.of("America/New_York"))) {
            assertThat(DateFormats.parse(text, DateFormats.HUB_PATTERN, zone)).as(text + " in " + zone)
                    .isEqualTo(DateFormats.parse(text, HUB_BY_FORMATTER, zone));
        }
    }

    @Test
    void hubStampsAreWrittenAsThePatternsFormatterWritesThem() {
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.5Z")));
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L), random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            assertThat(DateFormats.format(instant, DateFormats.HUB_PATTERN, ZoneOffset.UTC)).as(instant.toString())
                    .isEqualTo(DateFormats.format(instant, HUB_BY_FORMATTER, ZoneOffset.UTC));
            String text = DateFormats.format(instant, DateFormats.HUB_PATTERN, ZoneOffset.UTC);
            assertThat(DateFormats.parse(text, DateFormats.HUB_PATTERN, ZoneOffset.UTC)).as(text)
                    .isEqualTo(DateFormats.parse(text, HUB_BY_FORMATTER, ZoneOffset.UTC));
        }
    }

    /** What {@link DateFormats#parseIso} answered before it read the common shapes itself. */
    private static Optional<Instant> isoByFormatter(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DateTimeFormatter.ISO_DATE_TIME.parse(text, temporal ->
                    temporal.isSupported(ChronoField.OFFSET_SECONDS)
                            ? Instant.from(temporal)
                            : LocalDateTime.from(temporal).toInstant(ZoneOffset.UTC)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
