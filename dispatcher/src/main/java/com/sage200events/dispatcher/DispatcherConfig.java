package com.sage200events.dispatcher;

import com.sage200events.common.http.CallbackUrlGuard;
import java.time.Duration;
import java.util.Map;

/**
 * How the dispatcher delivers. Every field has an environment variable (README, "Configuration").
 *
 * @param groupId        consumer group of all dispatcher replicas ({@code DISPATCHER_GROUP_ID})
 * @param concurrency    consumer threads in this process ({@code DISPATCHER_CONCURRENCY}); deliveries are
 *                       concurrent regardless, this only splits the partitions
 * @param connectTimeout connecting to a callback ({@code DELIVERY_CONNECT_TIMEOUT_SECONDS}, default 5)
 * @param requestTimeout from sending until the answer's headers ({@code DELIVERY_TIMEOUT_SECONDS}, default 15)
 * @param attemptDeadline one attempt from start to the last byte of the answer: connect, send, headers and body
 *                       ({@code DELIVERY_DEADLINE_SECONDS}, default {@code requestTimeout} + {@link #DEADLINE_MARGIN});
 *                       a receiver that sends headers and then stalls or drips its body fails here (issue 17)
 * @param retry          the retry schedule ({@code DELIVERY_RETRY_SCHEDULE}, {@code DELIVERY_RETRY_JITTER},
 *                       {@code DELIVERY_RETRY_AFTER_MAX_SECONDS})
 * @param endpoints      per-endpoint limits ({@code DELIVERY_ENDPOINT_MAX_IN_FLIGHT}, {@code DELIVERY_ENDPOINT_MAX_QUEUED},
 *                       {@code DELIVERY_BREAKER_FAILURES}, {@code DELIVERY_BREAKER_OPEN_SECONDS})
 * @param guard          the SSRF guard ({@code DELIVERY_MODE}, {@code DELIVERY_ALLOWED_HOSTS})
 * @param dedupeTtl      how long a delivered event id is remembered ({@code DELIVERY_DEDUPE_TTL_HOURS}, default 168)
 * @param maxPending     records one consumer thread holds unfinished before it pauses its partitions
 * @param retryPollInterval how often due retries are looked for (wall time; due times follow the injected clock)
 * @param retryLease     how long a claimed retry stays hidden from other replicas; a replica that dies
 *                       mid-attempt delays that retry by at most this ({@code DELIVERY_RETRY_LEASE_SECONDS}, default 300)
 * @param memberId       a stable name for this replica ({@code DISPATCHER_INSTANCE_ID}, e.g. the pod name), or null;
 *                       when set, consumers use Kafka static membership, so a restarted replica takes its
 *                       partitions back at once instead of after the dead one's session timeout
 */
public record DispatcherConfig(
        String groupId,
        int concurrency,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration attemptDeadline,
        RetryPolicy retry,
        EndpointPolicy endpoints,
        CallbackUrlGuard guard,
        Duration dedupeTtl,
        int maxPending,
        Duration retryPollInterval,
        Duration retryLease,
        String memberId) {

    /** How much longer than {@code requestTimeout} the whole attempt may take by default: the body's time. */
    public static final Duration DEADLINE_MARGIN = Duration.ofSeconds(5);

    public DispatcherConfig {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be set");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(attemptDeadline, "attemptDeadline");
        if (attemptDeadline.compareTo(requestTimeout) < 0 || attemptDeadline.compareTo(connectTimeout) < 0) {
            throw new IllegalArgumentException("attemptDeadline must not be shorter than connectTimeout or requestTimeout");
        }
        if (retry == null) {
            throw new IllegalArgumentException("retry must be set");
        }
        if (endpoints == null) {
            throw new IllegalArgumentException("endpoints must be set");
        }
        if (guard == null) {
            throw new IllegalArgumentException("guard must be set");
        }
        requirePositive(dedupeTtl, "dedupeTtl");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1");
        }
        requirePositive(retryPollInterval, "retryPollInterval");
        requirePositive(retryLease, "retryLease");
        if (retryLease.compareTo(attemptDeadline) <= 0) {
            throw new IllegalArgumentException("retryLease must be longer than attemptDeadline");
        }
    }

    /** Production defaults: the SSRF guard refuses local and private addresses. */
    public static DispatcherConfig defaults() {
        return new DispatcherConfig("sage-dispatchers", 2, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(15).plus(DEADLINE_MARGIN), RetryPolicy.defaults(), EndpointPolicy.defaults(),
                CallbackUrlGuard.production(), Duration.ofDays(7),
                5_000, Duration.ofMillis(250), Duration.ofMinutes(5), null);
    }

    public static DispatcherConfig fromEnv(Map<String, String> env) {
        DispatcherConfig d = defaults();
        RetryPolicy retry = new RetryPolicy(
                env.containsKey("DELIVERY_RETRY_SCHEDULE") ? RetryPolicy.parseSchedule(env.get("DELIVERY_RETRY_SCHEDULE")) : d.retry().schedule(),
                Double.parseDouble(env.getOrDefault("DELIVERY_RETRY_JITTER", Double.toString(d.retry().jitter()))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_RETRY_AFTER_MAX_SECONDS",
                        Long.toString(d.retry().maxRetryAfter().toSeconds())))));
        EndpointPolicy e = d.endpoints();
        EndpointPolicy endpoints = new EndpointPolicy(
                Integer.parseInt(env.getOrDefault("DELIVERY_ENDPOINT_MAX_IN_FLIGHT", Integer.toString(e.maxInFlight()))),
                Integer.parseInt(env.getOrDefault("DELIVERY_ENDPOINT_MAX_QUEUED", Integer.toString(e.maxQueued()))),
                Integer.parseInt(env.getOrDefault("DELIVERY_BREAKER_FAILURES", Integer.toString(e.breakerFailures()))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_BREAKER_OPEN_SECONDS",
                        Long.toString(e.breakerOpenFor().toSeconds())))),
                e.busyDeferral());
        Duration requestTimeout = Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_TIMEOUT_SECONDS", "15")));
        return new DispatcherConfig(
                env.getOrDefault("DISPATCHER_GROUP_ID", d.groupId()),
                Integer.parseInt(env.getOrDefault("DISPATCHER_CONCURRENCY", Integer.toString(d.concurrency()))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_CONNECT_TIMEOUT_SECONDS", "5"))),
                requestTimeout,
                env.containsKey("DELIVERY_DEADLINE_SECONDS")
                        ? Duration.ofSeconds(Long.parseLong(env.get("DELIVERY_DEADLINE_SECONDS"))) : requestTimeout.plus(DEADLINE_MARGIN),
                retry, endpoints, CallbackUrlGuard.fromEnv(env),
                Duration.ofHours(Long.parseLong(env.getOrDefault("DELIVERY_DEDUPE_TTL_HOURS", Long.toString(d.dedupeTtl().toHours())))),
                d.maxPending(), d.retryPollInterval(),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_RETRY_LEASE_SECONDS", Long.toString(d.retryLease().toSeconds())))),
                env.get("DISPATCHER_INSTANCE_ID"));
    }

    public DispatcherConfig withGroupId(String newGroupId) {
        return new DispatcherConfig(newGroupId, concurrency, connectTimeout, requestTimeout, attemptDeadline, retry, endpoints, guard, dedupeTtl,
                maxPending, retryPollInterval, retryLease, memberId);
    }

    public DispatcherConfig withRetry(RetryPolicy newRetry) {
        return new DispatcherConfig(groupId, concurrency, connectTimeout, requestTimeout, attemptDeadline, newRetry, endpoints, guard, dedupeTtl,
                maxPending, retryPollInterval, retryLease, memberId);
    }

    public DispatcherConfig withEndpoints(EndpointPolicy newEndpoints) {
        return new DispatcherConfig(groupId, concurrency, connectTimeout, requestTimeout, attemptDeadline, retry, newEndpoints, guard, dedupeTtl,
                maxPending, retryPollInterval, retryLease, memberId);
    }

    public DispatcherConfig withGuard(CallbackUrlGuard newGuard) {
        return new DispatcherConfig(groupId, concurrency, connectTimeout, requestTimeout, attemptDeadline, retry, endpoints, newGuard, dedupeTtl,
                maxPending, retryPollInterval, retryLease, memberId);
    }

    /** New connect and headers timeouts; the attempt deadline becomes {@code newRequest} + {@link #DEADLINE_MARGIN}. */
    public DispatcherConfig withTimeouts(Duration newConnect, Duration newRequest) {
        return withTimeouts(newConnect, newRequest, newRequest.plus(DEADLINE_MARGIN));
    }

    public DispatcherConfig withTimeouts(Duration newConnect, Duration newRequest, Duration newDeadline) {
        return new DispatcherConfig(groupId, concurrency, newConnect, newRequest, newDeadline, retry, endpoints, guard, dedupeTtl,
                maxPending, retryPollInterval, retryLease, memberId);
    }

    public DispatcherConfig withRetryPolling(Duration newInterval, Duration newLease) {
        return new DispatcherConfig(groupId, concurrency, connectTimeout, requestTimeout, attemptDeadline, retry, endpoints, guard, dedupeTtl,
                maxPending, newInterval, newLease, memberId);
    }

    public DispatcherConfig withConcurrency(int newConcurrency) {
        return new DispatcherConfig(groupId, newConcurrency, connectTimeout, requestTimeout, attemptDeadline, retry, endpoints, guard, dedupeTtl,
                maxPending, retryPollInterval, retryLease, memberId);
    }

    private static void requirePositive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive");
        }
    }
}
