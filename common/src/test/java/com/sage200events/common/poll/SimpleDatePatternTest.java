package com.sage200events.common.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SimpleDatePatternTest {

    private static final Instant[] SAMPLES = {
            Instant.parse("2026-11-28T07:04:05.678Z"),
            Instant.parse("2024-02-29T23:59:59.007Z"),
            Instant.parse("2001-01-01T00:00:00Z"),
            Instant.parse("2026-06-15T12:30:00.100Z"),
    };

    /** The port must print exactly what SimpleDateFormat prints, for every pattern users write. */
    @ParameterizedTest
    @ValueSource(strings = {
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "yyyyMMddHHmmss", "dd/MM/yy hh:mm a", "EEE, d MMM yyyy HH:mm:ss Z", "EEEE MMMM d yyyy", "D 'day' w 'week' u",
            "yyyy-MM-dd'T'HH:mm:ssX", "yyyy-MM-dd'T'HH:mm:ssXX", "k:K:h:H", "S", "''yy''", "M/d/yyyy H:m:s",
    })
    void formatsLikeSimpleDateFormat(String pattern) {
        SimpleDateFormat legacy = new SimpleDateFormat(pattern, Locale.ROOT);
        legacy.setTimeZone(TimeZone.getTimeZone("UTC"));
        for (Instant sample : SAMPLES) {
            assertThat(DateFormats.format(sample, pattern, ZoneOffset.UTC))
                    .as("%s at %s", pattern, sample)
                    .isEqualTo(legacy.format(Date.from(sample)));
        }
    }

    @Test
    void parsesBackWhatItFormats() {
        Instant sample = Instant.parse("2026-11-28T07:04:05.678Z");
        String pattern = "yyyyMMddHHmmssSSS";
        assertThat(DateFormats.parse(DateFormats.format(sample, pattern, ZoneOffset.UTC), pattern, ZoneOffset.UTC)).hasValue(sample);
    }

    @Test
    void sageStampsTrimTrailingZeroDigits() {
        assertThat(DateFormats.sageStamp(Instant.parse("2024-02-28T14:06:36.610Z"))).isEqualTo("2024-02-28T14:06:36.61Z");
        assertThat(DateFormats.sageStamp(Instant.parse("2024-02-28T14:06:36Z"))).isEqualTo("2024-02-28T14:06:36Z");
        assertThat(DateFormats.parseIso("2024-02-28T14:06:36.61Z")).hasValue(Instant.parse("2024-02-28T14:06:36.610Z"));
        assertThat(DateFormats.parseIso("2024-02-28T14:06:36.6123456")).hasValue(Instant.parse("2024-02-28T14:06:36.6123456Z"));
    }

    @Test
    void illegalLettersAreRefused() {
        assertThatThrownBy(() -> SimpleDatePattern.toFormatter("yyyy-qq")).hasMessageContaining("illegal pattern letter 'q'");
        assertThatThrownBy(() -> SimpleDatePattern.toFormatter("yyyy'T")).hasMessageContaining("unterminated quote");
    }
}
