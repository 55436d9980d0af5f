package com.sage200events.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One request to poll one resource of one instance, published by the scheduler to {@code sage.poll-tasks}
 * with key {@link #key()} so that one (instance, resource) always lands on the same partition.
 *
 * @param slot the due time of the schedule slot this task fills (the scheduler's clock)
 * @param reason why the poll was asked for: {@code SCHEDULED} by Quartz, {@code MANUAL} through the API, or
 *     {@code BASELINE} when a resource starts
 */
public record PollTask(int schemaVersion, long instanceId, String resource, Instant slot, String reason) {

    public static final int SCHEMA_VERSION = 1;

    public PollTask {
        if (instanceId <= 0) {
            throw new IllegalArgumentException("instanceId must be positive");
        }
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("resource must be set");
        }
        Objects.requireNonNull(slot, "slot");
        reason = reason == null ? "SCHEDULED" : reason;
    }

    public static PollTask scheduled(long instanceId, String resource, Instant slot) {
        return new PollTask(SCHEMA_VERSION, instanceId, resource, slot, "SCHEDULED");
    }

    public static PollTask manual(long instanceId, String resource, Instant now) {
        return new PollTask(SCHEMA_VERSION, instanceId, resource, now, "MANUAL");
    }

    /** The first poll of a resource, asked for when it starts (instance activated, or resource added). */
    public static PollTask baseline(long instanceId, String resource, Instant since) {
        return new PollTask(SCHEMA_VERSION, instanceId, resource, since, "BASELINE");
    }

    public String key() {
        return instanceId + "/" + resource;
    }
}
