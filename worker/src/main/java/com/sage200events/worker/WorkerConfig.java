package com.sage200events.worker;

import com.sage200events.common.config.Env;
import com.sage200events.common.model.EventNotification;
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
 * @param sageRetryAttempts how many short refusals (429, or 5xx with {@code Retry-After}) of one page a poll waits
 *     out in place before it gives up its slot ({@code SAGE_RETRY_ATTEMPTS}, default 3; DESIGN §4)
 * @param sageRetryMaxWait the longest {@code Retry-After} waited out in place; longer ones give up the slot and
 *     back off ({@code SAGE_RETRY_MAX_WAIT_SECONDS}, default 30). Attempts × wait must stay under the lease TTL.
 * @param clockTolerance how far past Sage's own now (its {@code Date} header) the watermark may go; a stamp beyond
 *     it is a future stamp, delivered and reported ({@code SAGE_CLOCK_TOLERANCE_SECONDS}, default 5)
 * @param maxNotificationBytes the largest serialized notification published; bigger batches are split and a
 *     single bigger record travels as a stub ({@code MAX_NOTIFICATION_BYTES}, default and maximum 4 MiB, what our
 *     producers and topics take)
 */
public record WorkerConfig(
        String groupId,
        int concurrency,
        Duration lookback,
        Duration leaseTtl,
        Duration sageTimeout,
        ZoneId serverZone,
        int sageRetryAttempts,
        Duration sageRetryMaxWait,
        Duration clockTolerance,
        int maxNotificationBytes) {

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
        if (sageRetryAttempts < 0 || sageRetryAttempts > 20) {
            throw new IllegalArgumentException("sageRetryAttempts must be between 0 and 20");
        }
        if (sageRetryMaxWait.isNegative() || sageRetryMaxWait.multipliedBy(Math.max(1, sageRetryAttempts)).compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("sageRetryMaxWait must be positive and, times sageRetryAttempts, less than leaseTtl");
        }
        if (clockTolerance.isNegative()) {
            throw new IllegalArgumentException("clockTolerance must not be negative");
        }
        if (maxNotificationBytes < 16 * 1024 || maxNotificationBytes > EventNotification.MAX_BYTES) {
            throw new IllegalArgumentException("maxNotificationBytes must be between 16 KiB and " + EventNotification.MAX_BYTES);
        }
    }

    public static WorkerConfig defaults() {
        return new WorkerConfig("sage-workers", 2, Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofSeconds(30), ZoneOffset.UTC,
                3, Duration.ofSeconds(30), Duration.ofSeconds(5), EventNotification.MAX_BYTES);
    }

    /** Reads the variables named above; a value that does not parse names its variable. */
    public static WorkerConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        WorkerConfig d = defaults();
        Duration leaseTtl = env.seconds("POLL_LEASE_SECONDS", d.leaseTtl());
        int attempts = env.integer("SAGE_RETRY_ATTEMPTS", d.sageRetryAttempts());
        return new WorkerConfig(
                env.string("WORKER_GROUP_ID", d.groupId()),
                env.integer("WORKER_CONCURRENCY", d.concurrency()),
                env.seconds("POLL_LOOKBACK_SECONDS", d.lookback()),
                leaseTtl,
                env.seconds("SAGE_TIMEOUT_SECONDS", d.sageTimeout()),
                zone(env.string("SERVER_TIME_ZONE", "UTC")),
                attempts,
                // Unset: 30 s, or less with a short lease, so that all of a page's waits and one more request fit in
                // the lease and a poll waiting out Sage never loses its lease for it.
                env.seconds("SAGE_RETRY_MAX_WAIT_SECONDS", min(leaseTtl.dividedBy(attempts + 1L), DEFAULT_RETRY_MAX_WAIT)),
                env.seconds("SAGE_CLOCK_TOLERANCE_SECONDS", d.clockTolerance()),
                env.integer("MAX_NOTIFICATION_BYTES", d.maxNotificationBytes()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("SERVER_TIME_ZONE must be a time zone such as UTC or Europe/London, not '" + id + "'");
        }
    }

    private static final Duration DEFAULT_RETRY_MAX_WAIT = Duration.ofSeconds(30);

    /** The same settings in another consumer group (tests run each worker in a group of its own). */
    public WorkerConfig withGroupId(String newGroupId) {
        return new WorkerConfig(newGroupId, concurrency, lookback, leaseTtl, sageTimeout, serverZone, sageRetryAttempts,
                sageRetryMaxWait, clockTolerance, maxNotificationBytes);
    }
}
