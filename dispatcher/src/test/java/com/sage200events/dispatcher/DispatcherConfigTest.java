package com.sage200events.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.common.http.CallbackUrlGuard;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {

    @Test
    void standaloneDefaultsAreProductionModeWithDesignTimeouts() {
        DispatcherConfig config = DispatcherConfig.fromEnv(Map.of());
        assertThat(config.guard().mode()).isEqualTo(CallbackUrlGuard.Mode.PRODUCTION);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.retry().schedule()).isEqualTo(RetryPolicy.DEFAULT_SCHEDULE);
    }

    @Test
    void environmentOverridesTheScheduleModeAndEndpointLimits() {
        DispatcherConfig config = DispatcherConfig.fromEnv(Map.of("DELIVERY_MODE", "dev", "DELIVERY_RETRY_SCHEDULE", "1s,2m",
                "DELIVERY_ENDPOINT_MAX_IN_FLIGHT", "4", "DISPATCHER_INSTANCE_ID", "pod-1"));
        assertThat(config.guard().mode()).isEqualTo(CallbackUrlGuard.Mode.DEV);
        assertThat(config.retry().schedule()).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(2));
        assertThat(config.endpoints().maxInFlight()).isEqualTo(4);
        assertThat(config.memberId()).isEqualTo("pod-1");
    }

    @Test
    void theAttemptDeadlineIsTheHeadersTimeoutPlusAMarginUnlessItsVariableSaysOtherwise() {
        assertThat(DispatcherConfig.fromEnv(Map.of()).attemptDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(DispatcherConfig.fromEnv(Map.of("DELIVERY_TIMEOUT_SECONDS", "30")).attemptDeadline()).isEqualTo(Duration.ofSeconds(35));
        assertThat(DispatcherConfig.fromEnv(Map.of("DELIVERY_DEADLINE_SECONDS", "60")).attemptDeadline()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(Map.of("DELIVERY_DEADLINE_SECONDS", "10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attemptDeadline");
    }

    @Test
    void aLeaseShorterThanAnAttemptIsRefusedNamingTheField() {
        assertThatThrownBy(() -> DispatcherConfig.defaults().withRetryPolling(Duration.ofMillis(100), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryLease");
        assertThatThrownBy(() -> DispatcherConfig.fromEnv(Map.of("DELIVERY_MODE", "staging")))
                .hasMessageContaining("DELIVERY_MODE");
    }
}
