package com.sage200events.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryRetentionTest {

    @Test
    void unsetVariablesKeepSevenDaysAndAThousandPerInstance() {
        assertThat(DeliveryRetention.fromEnv(Map.of())).isEqualTo(new DeliveryRetention(Duration.ofDays(7), 1_000));
    }

    @Test
    void bothBoundsAreReadFromTheEnvironment() {
        DeliveryRetention r = DeliveryRetention.fromEnv(Map.of("DELIVERY_LOG_KEEP_DAYS", "30", "DELIVERY_LOG_KEEP_PER_INSTANCE", " 250 "));
        assertThat(r.keep()).isEqualTo(Duration.ofDays(30));
        assertThat(r.perInstance()).isEqualTo(250);
    }

    @Test
    void aValueOutOfRangeOrNotANumberIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> DeliveryRetention.fromEnv(Map.of("DELIVERY_LOG_KEEP_DAYS", "0")))
                .hasMessageContaining("DELIVERY_LOG_KEEP_DAYS");
        assertThatThrownBy(() -> DeliveryRetention.fromEnv(Map.of("DELIVERY_LOG_KEEP_PER_INSTANCE", "lots")))
                .hasMessageContaining("DELIVERY_LOG_KEEP_PER_INSTANCE");
        assertThatThrownBy(() -> DeliveryRetention.fromEnv(Map.of("DELIVERY_LOG_KEEP_PER_INSTANCE", "100001")))
                .hasMessageContaining("DELIVERY_LOG_KEEP_PER_INSTANCE");
    }
}
