package com.sage200events.common.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * A topic as we create it. Every topic of ours is {@code cleanup.policy=delete}: records are a log of work
 * and events, and compaction by key would drop all but one event of an instance.
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Duration retention) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be set");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1");
        }
    }

    public Map<String, String> configs() {
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }
}
