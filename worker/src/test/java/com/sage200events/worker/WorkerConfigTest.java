package com.sage200events.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void aShortLeaseShortensTheDefaultInPollWaitSoTheWaitsFitInTheLease() {
        WorkerConfig config = WorkerConfig.fromEnv(Map.of("POLL_LEASE_SECONDS", "5"));

        assertThat(config.sageRetryMaxWait().multipliedBy(config.sageRetryAttempts())).isLessThan(Duration.ofSeconds(5));
        assertThat(WorkerConfig.fromEnv(Map.of()).sageRetryMaxWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anExplicitWaitThatOutlastsTheLeaseIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("POLL_LEASE_SECONDS", "10", "SAGE_RETRY_MAX_WAIT_SECONDS", "30")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sageRetryMaxWait");
    }
}
