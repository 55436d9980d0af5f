package com.sage200events.common.kafka;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionTest {

    @Test
    void gzipIsTheDefaultBecauseEveryClientDecodesIt() {
        assertThat(Compression.fromEnv(Map.of()).type()).isEqualTo("gzip");
        assertThat(Compression.fromEnv(Map.of("KAFKA_COMPRESSION", " ")).type()).isEqualTo("gzip");
    }

    @Test
    void anyKafkaCodecIsTakenWhateverItsCase() {
        assertThat(Compression.fromEnv(Map.of("KAFKA_COMPRESSION", "LZ4")).type()).isEqualTo("lz4");
        assertThat(Compression.fromEnv(Map.of("KAFKA_COMPRESSION", "none")).type()).isEqualTo("none");
    }

    @Test
    void anUnknownCodecIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Compression.fromEnv(Map.of("KAFKA_COMPRESSION", "brotli")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAFKA_COMPRESSION").hasMessageContaining("brotli");
    }
}
