package com.sage200events.common.kafka;

import java.util.List;

/**
 * Our topic names. A configurable prefix lets several deployments (or tests) share one cluster.
 */
public record Topics(String prefix) {

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
}
