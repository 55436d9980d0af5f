package com.sage200events.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaMainOptionsTest {

    @Test
    void defaultsToPort9092AndTheRunDirectory() {
        KafkaMainOptions options = KafkaMainOptions.parse(new String[0], Map.of());

        assertThat(options.port()).isEqualTo(9092);
        assertThat(options.dataDir()).isEqualTo(Path.of(".run", "kafka"));
    }

    @Test
    void environmentOverridesTheDefaults() {
        KafkaMainOptions options = KafkaMainOptions.parse(new String[0],
                Map.of("KAFKA_BROKER_PORT", "19092", "KAFKA_DATA_DIR", "/tmp/k"));

        assertThat(options.port()).isEqualTo(19092);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/k"));
    }

    @Test
    void argumentsOverrideTheEnvironment() {
        KafkaMainOptions options = KafkaMainOptions.parse(new String[] {"--data-dir", "d", "--port", "0"},
                Map.of("KAFKA_BROKER_PORT", "19092", "KAFKA_DATA_DIR", "/tmp/k"));

        assertThat(options.port()).isZero();
        assertThat(options.dataDir()).isEqualTo(Path.of("d"));
    }

    @Test
    void theInjectedKafkaPortVariableIsIgnored() {
        KafkaMainOptions options = KafkaMainOptions.parse(new String[0], Map.of("KAFKA_PORT", "tcp://10.0.0.7:9092"));

        assertThat(options.port()).isEqualTo(9092);
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndBadPorts() {
        assertThatThrownBy(() -> KafkaMainOptions.parse(new String[] {"--prot", "1"}, Map.of()))
                .hasMessageContaining("unknown option --prot");
        assertThatThrownBy(() -> KafkaMainOptions.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> KafkaMainOptions.parse(new String[] {"--port", "x"}, Map.of()))
                .hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> KafkaMainOptions.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("0..65535");
    }
}
