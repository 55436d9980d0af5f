package com.sage200events.common.kafka;

import java.time.Duration;
import com.sage200events.common.model.EventNotification;
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

    /**
     * The topic's configs: delete policy, retention, and {@code max.message.bytes} large enough for the largest
     * notification the worker writes ({@link EventNotification#MAX_BYTES} plus headroom), instead of the broker's 1 MB.
     */
    public Map<String, String> configs() {
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()),
                "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    }

    /** What a record of ours may weigh on the wire: the producers' {@code max.request.size} and the topics' limit. */
    public static final int MAX_MESSAGE_BYTES = EventNotification.MAX_BYTES + EventNotification.RECORD_HEADROOM_BYTES;
}
