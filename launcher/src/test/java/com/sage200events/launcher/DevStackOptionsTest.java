package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.scheduler.SchedulerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bin/dev} reads the variables each service reads when it runs alone, with dev defaults only where unset. */
class DevStackOptionsTest {

    private static final String KAFKA = "localhost:19092";
    private static final String REDIS = "redis://localhost:6379";

    @Test
    void theVariablesOfEachServiceTakeEffectUnderBinDev() {
        Map<String, String> env = Map.of(
                "API_USER_SECRET", "rv-user-secret",
                "DELIVERY_RETRY_SCHEDULE", "2s,2s,2s",
                "DELIVERY_MODE", "production",
                "DELIVERY_ALLOWED_HOSTS", "receiver.internal",
                "WORKER_CONCURRENCY", "3",
                "POLL_LOOKBACK_SECONDS", "60",
                "SCHEDULER_PORT", "9080",
                "TOPIC_PREFIX", "rv.",
                "REDIS_KEY_PREFIX", "rv:",
                "TOPIC_PARTITIONS", "6");

        DevStackOptions options = DevStackOptions.fromEnv(env, KAFKA, REDIS);

        assertThat(options.scheduler().userSecret()).isEqualTo("rv-user-secret");
        assertThat(options.scheduler().port()).isEqualTo(9080);
        assertThat(options.scheduler().publicBaseUrl()).isEqualTo("http://localhost:9080");
        assertThat(options.dispatcher().retry().schedule()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(options.dispatcher().guard().mode()).isEqualTo(CallbackUrlGuard.Mode.PRODUCTION);
        assertThat(options.worker().concurrency()).isEqualTo(3);
        assertThat(options.worker().lookback()).isEqualTo(Duration.ofSeconds(60));
        assertThat(List.of(options.topicPrefix(), options.keyPrefix())).containsExactly("rv.", "rv:");
        assertThat(options.partitions()).isEqualTo(6);
    }

    @Test
    void unsetVariablesKeepTheDevDefaults() {
        DevStackOptions options = DevStackOptions.fromEnv(Map.of(), KAFKA, REDIS);

        assertThat(options.scheduler().userSecret()).isEqualTo(SchedulerConfig.DEV_USER_SECRET);
        assertThat(options.scheduler().organizationSecret()).isEqualTo(SchedulerConfig.DEV_ORGANIZATION_SECRET);
        assertThat(options.scheduler().adminToken()).isEqualTo(SchedulerConfig.DEV_ADMIN_TOKEN);
        assertThat(options.scheduler().port()).isEqualTo(8080);
        assertThat(options.dispatcher().guard().mode()).isEqualTo(CallbackUrlGuard.Mode.DEV);
        assertThat(options.dispatcher().retry().schedule()).hasSize(7).first().isEqualTo(Duration.ofSeconds(5));
        assertThat(List.of(options.sandboxPort(), options.inboxPort(), options.partitions())).containsExactly(8090, 8070, 4);
        assertThat(List.of(options.topicPrefix(), options.keyPrefix())).containsExactly("", "s200e:");
        assertThat(List.of(options.kafkaBootstrapServers(), options.redisUrl())).containsExactly(KAFKA, REDIS);
    }

    @Test
    void aBadValueStopsTheStartNamingItsVariable() {
        assertThatThrownBy(() -> DevStackOptions.fromEnv(Map.of("DELIVERY_RETRY_JITTER", "lots"), KAFKA, REDIS))
                .hasMessageContaining("DELIVERY_RETRY_JITTER");
        assertThatThrownBy(() -> DevStackOptions.fromEnv(Map.of("WORKER_CONCURRENCY", "many"), KAFKA, REDIS))
                .hasMessageContaining("WORKER_CONCURRENCY");
    }
}
