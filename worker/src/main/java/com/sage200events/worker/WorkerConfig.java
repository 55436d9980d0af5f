package com.sage200events.worker;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * How a worker polls.
 *
 * @param groupId Kafka consumer group shared by all worker replicas ({@code WORKER_GROUP_ID})
 * @param concurrency consumer threads in this process, each owning one consumer ({@code WORKER_CONCURRENCY})
 * @param lookback how far below the watermark every poll re-reads, for Sage clock skew and late commits
 *     ({@code POLL_LOOKBACK_SECONDS}, default 300)
 * @param leaseTtl how long a poll may hold its (instance, resource) lease without committing a page; every page
 *     commit renews it, so it bounds one page (Sage timeout + publish), and how long a crashed worker's resource
 *     waits before another worker takes it over ({@code POLL_LEASE_SECONDS}, default 120)
 * @param sageTimeout total time allowed for one Sage request ({@code SAGE_TIMEOUT_SECONDS}, default 30)
 * @param serverZone the zone of {@code ${date:...}} placeholders ({@code SERVER_TIME_ZONE}, default UTC)
 */
public record WorkerConfig(
        String groupId,
        int concurrency,
        Duration lookback,
        Duration leaseTtl,
        Duration sageTimeout,
        ZoneId serverZone) {

    public WorkerConfig {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be set");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256");
        }
        if (lookback.isNegative()) {
            throw new IllegalArgumentException("lookback must not be negative");
        }
        if (leaseTtl.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("leaseTtl must be at least 5 seconds");
        }
        if (sageTimeout.isNegative() || sageTimeout.isZero()) {
            throw new IllegalArgumentException("sageTimeout must be positive");
        }
        if (serverZone == null) {
            throw new IllegalArgumentException("serverZone must be set");
        }
    }

    public static WorkerConfig defaults() {
        return new WorkerConfig("sage-workers", 2, Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofSeconds(30), ZoneOffset.UTC);
    }

    public static WorkerConfig fromEnv(Map<String, String> env) {
        WorkerConfig d = defaults();
        return new WorkerConfig(
                env.getOrDefault("WORKER_GROUP_ID", d.groupId()),
                Integer.parseInt(env.getOrDefault("WORKER_CONCURRENCY", Integer.toString(d.concurrency()))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("POLL_LOOKBACK_SECONDS", Long.toString(d.lookback().toSeconds())))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("POLL_LEASE_SECONDS", Long.toString(d.leaseTtl().toSeconds())))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("SAGE_TIMEOUT_SECONDS", Long.toString(d.sageTimeout().toSeconds())))),
                ZoneId.of(env.getOrDefault("SERVER_TIME_ZONE", "UTC")));
    }

    public WorkerConfig withGroupId(String newGroupId) {
        return new WorkerConfig(newGroupId, concurrency, lookback, leaseTtl, sageTimeout, serverZone);
    }
}
