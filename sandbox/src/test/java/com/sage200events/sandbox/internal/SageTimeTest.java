package com.sage200events.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SageTimeTest {

    @Test
    void formatDropsTrailingZeroFractionDigitsLikeSage() {
        assertThat(SageTime.format(Instant.parse("2024-02-28T14:06:36.610Z"))).isEqualTo("2024-02-28T14:06:36.61Z");
        assertThat(SageTime.format(Instant.parse("2024-02-28T14:06:36.613Z"))).isEqualTo("2024-02-28T14:06:36.613Z");
        assertThat(SageTime.format(Instant.parse("2024-02-28T14:06:36.600Z"))).isEqualTo("2024-02-28T14:06:36.6Z");
        assertThat(SageTime.format(Instant.parse("2024-02-28T14:06:36Z"))).isEqualTo("2024-02-28T14:06:36Z");
        assertThat(SageTime.format(Instant.parse("2024-02-28T14:06:36.001Z"))).isEqualTo("2024-02-28T14:06:36.001Z");
        assertThat(SageTime.format(Instant.parse("2024-02-28T14:06:36.010Z"))).isEqualTo("2024-02-28T14:06:36.01Z");
        assertThat(SageTime.format(Instant.parse("0999-01-02T03:04:05.1Z"))).isEqualTo("0999-01-02T03:04:05.1Z");
        assertThat(SageTime.format(Instant.parse("+10000-01-02T03:04:05Z"))).isEqualTo("+10000-01-02T03:04:05Z");
    }

    @Test
    void nowIsCutToMilliseconds() {
        Clock clock = Clock.fixed(Instant.parse("2024-02-28T14:06:36.613999999Z"), ZoneOffset.UTC);

        assertThat(SageTime.now(clock)).isEqualTo(Instant.parse("2024-02-28T14:06:36.613Z"));
        assertThat(SageTime.today(clock)).isEqualTo(Instant.parse("2024-02-28T00:00:00Z"));
    }

    @Test
    void parseReadsEveryShapeSageAndClientsUse() {
        assertThat(SageTime.parse("2024-02-28T14:06:36.61Z")).isEqualTo(Instant.parse("2024-02-28T14:06:36.610Z"));
        assertThat(SageTime.parse("2024-02-28T14:06:36.6100000Z")).isEqualTo(Instant.parse("2024-02-28T14:06:36.610Z"));
        assertThat(SageTime.parse("2024-02-28T14:06:36+01:00")).isEqualTo(Instant.parse("2024-02-28T13:06:36Z"));
        assertThat(SageTime.parse("2024-02-28T14:06:36")).isEqualTo(Instant.parse("2024-02-28T14:06:36Z"));
        assertThat(SageTime.parse("2024-02-28")).isEqualTo(Instant.parse("2024-02-28T00:00:00Z"));
    }

    @Test
    void parseRefusesNonDates() {
        assertThatThrownBy(() -> SageTime.parse("yesterday")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yesterday");
        assertThatThrownBy(() -> SageTime.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
