package com.sage200events.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    private final Env env = Env.of(Map.of("COUNT", "7", "WAIT_SECONDS", "90", "TTL_HOURS", "2", "BLANK", " ", "JITTER", "0.25",
            "BAD", "seven"));

    @Test
    void readsNumbersAndDurationsWithDefaultsForUnsetOrBlank() {
        assertThat(env.integer("COUNT", 1)).isEqualTo(7);
        assertThat(env.integer("MISSING", 1)).isEqualTo(1);
        assertThat(env.integer("BLANK", 3)).isEqualTo(3);
        assertThat(env.decimal("JITTER", 0)).isEqualTo(0.25);
        assertThat(env.seconds("WAIT_SECONDS", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(env.duration("TTL_HOURS", ChronoUnit.HOURS, Duration.ZERO)).isEqualTo(Duration.ofHours(2));
        assertThat(env.string("BLANK", "x")).as("strings are taken as set").isEqualTo(" ");
    }

    @Test
    void aValueThatDoesNotParseNamesItsVariable() {
        assertThatThrownBy(() -> env.integer("BAD", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BAD must be a whole number, not 'seven'");
        assertThatThrownBy(() -> env.seconds("BAD", Duration.ZERO)).hasMessageContaining("BAD must be a whole number of seconds");
    }
}
