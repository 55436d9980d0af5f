package com.sage200events.common.kafka;

import java.time.Duration;
import java.util.List;

/**
 * Our topic names. A configurable prefix lets several deployments (or tests) share one cluster.
 */
public record Topics(String prefix) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public Topics {
        prefix = prefix == null ? "" : prefix;
    }

    public static Topics defaults() {
        return new Topics("");
    }

    public String pollTasks() {
        return prefix + "sage.poll-tasks";
    }

    public String events() {
        return prefix + "sage.events";
    }

    public String eventsDlq() {
        return prefix + "sage.events.dlq";
    }

    public String pollTasksDlq() {
        return prefix + "sage.poll-tasks.dlq";
    }

    public List<String> all() {
        return List.of(pollTasks(), events(), eventsDlq(), pollTasksDlq());
    }

    /**
     * Every topic with how we create it: work topics keep a day, events a week, parked records a month
     * (long enough for a callback that is down for days to be fixed and replayed).
     */
    public List<TopicSpec> specs(int partitions, short replication) {
        return List.of(
                new TopicSpec(pollTasks(), partitions, replication, Duration.ofDays(1)),
                new TopicSpec(events(), partitions, replication, DEFAULT_RETENTION),
                new TopicSpec(eventsDlq(), partitions, replication, Duration.ofDays(30)),
                new TopicSpec(pollTasksDlq(), partitions, replication, Duration.ofDays(30)));
    }
}
