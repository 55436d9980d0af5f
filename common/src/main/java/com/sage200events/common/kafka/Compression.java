package com.sage200events.common.kafka;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The codec our producers compress record batches with: {@code KAFKA_COMPRESSION}, one of {@link #CODECS}.
 *
 * <p>The default is {@code gzip} because it is the one codec every mainstream client decodes without an extra
 * package: Node's {@code kafkajs} ships only gzip, Python's {@code kafka-python} needs {@code lz4}/{@code
 * python-snappy}/{@code zstandard} for the others (DESIGN.md §10: {@code sage.events} is read "with its
 * defaults"). Its cost against {@code lz4}, {@code snappy}, {@code zstd} and {@code none} is measured by
 * {@code bin/bench compression} and recorded in docs/BENCHMARKS.md; docs/TOPICS.md says what each client needs
 * for a non-default codec.
 *
 * @param type the Kafka {@code compression.type}
 */
public record Compression(String type) {

    /** Kafka's producer codecs, as {@code compression.type} spells them. */
    public static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    public static final String DEFAULT = "gzip";

    public Compression {
        if (type == null || !CODECS.contains(type)) {
            throw new IllegalArgumentException("KAFKA_COMPRESSION must be one of " + CODECS + ", not '" + type + "'");
        }
    }

    /** From {@code KAFKA_COMPRESSION} (case-insensitive), {@link #DEFAULT} when unset or blank. */
    public static Compression fromEnv(Map<String, String> env) {
        String text = env.get("KAFKA_COMPRESSION");
        return new Compression(text == null || text.isBlank() ? DEFAULT : text.trim().toLowerCase(Locale.ROOT));
    }
}
