package com.sage200events.dispatcher;

import com.sage200events.common.config.Env;
import com.sage200events.common.http.CallbackUrlGuard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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
 * @param maxHeldBytes   serialized bytes of notifications the whole dispatcher holds unfinished (read from Kafka or
 *                       claimed from the retry queue) before consumers pause and the retry pump waits
 *                       ({@code DELIVERY_MAX_HELD_MB}; default a twentieth of the heap: held as objects, bodies and
 *                       signatures they take about ten times that), so slow or dead endpoints cannot exhaust the heap
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
        long maxHeldBytes,
        Duration retryPollInterval,
        Duration retryLease,
        String memberId) {

    /** How much longer than {@code requestTimeout} the whole attempt may take by default: the body's time. */
    public static final Duration DEADLINE_MARGIN = Duration.ofSeconds(5);

    /** The smallest default budget of held bytes: a few large notifications (4 MiB each) must still fit. */
    private static final long MIN_HELD_BYTES = 8L << 20;

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
        if (maxHeldBytes < 1) {
            throw new IllegalArgumentException("maxHeldBytes must be at least 1");
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
                5_000, Math.max(MIN_HELD_BYTES, Runtime.getRuntime().maxMemory() / 20), Duration.ofMillis(250),
                Duration.ofMinutes(5), null);
    }

    /** Reads the variables named above; a value that does not parse names its variable. */
    public static DispatcherConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        DispatcherConfig d = defaults();
        RetryPolicy retry = new RetryPolicy(
                env.optional("DELIVERY_RETRY_SCHEDULE").map(RetryPolicy::parseSchedule).orElse(d.retry().schedule()),
                env.decimal("DELIVERY_RETRY_JITTER", d.retry().jitter()),
                env.seconds("DELIVERY_RETRY_AFTER_MAX_SECONDS", d.retry().maxRetryAfter()));
        EndpointPolicy e = d.endpoints();
        EndpointPolicy endpoints = new EndpointPolicy(
                env.integer("DELIVERY_ENDPOINT_MAX_IN_FLIGHT", e.maxInFlight()),
                env.integer("DELIVERY_ENDPOINT_MAX_QUEUED", e.maxQueued()),
                env.integer("DELIVERY_BREAKER_FAILURES", e.breakerFailures()),
                env.seconds("DELIVERY_BREAKER_OPEN_SECONDS", e.breakerOpenFor()),
                e.busyDeferral());
        Duration requestTimeout = env.seconds("DELIVERY_TIMEOUT_SECONDS", d.requestTimeout());
        return d.toBuilder()
                .groupId(env.string("DISPATCHER_GROUP_ID", d.groupId()))
                .concurrency(env.integer("DISPATCHER_CONCURRENCY", d.concurrency()))
                .connectTimeout(env.seconds("DELIVERY_CONNECT_TIMEOUT_SECONDS", d.connectTimeout()))
                .requestTimeout(requestTimeout)
                .attemptDeadline(env.seconds("DELIVERY_DEADLINE_SECONDS", requestTimeout.plus(DEADLINE_MARGIN)))
                .retry(retry)
                .endpoints(endpoints)
                .guard(CallbackUrlGuard.fromEnv(vars))
                .dedupeTtl(env.duration("DELIVERY_DEDUPE_TTL_HOURS", ChronoUnit.HOURS, d.dedupeTtl()))
                .retryLease(env.seconds("DELIVERY_RETRY_LEASE_SECONDS", d.retryLease()))
                .maxHeldBytes(env.integer("DELIVERY_MAX_HELD_MB", (int) Math.max(1, d.maxHeldBytes() >> 20)) * (1L << 20))
                .memberId(env.string("DISPATCHER_INSTANCE_ID", null))
                .build();
    }

    /** A builder holding these settings, to change some and {@link Builder#build} (validated) again. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public DispatcherConfig withGroupId(String newGroupId) {
        return toBuilder().groupId(newGroupId).build();
    }

    public DispatcherConfig withRetry(RetryPolicy newRetry) {
        return toBuilder().retry(newRetry).build();
    }

    public DispatcherConfig withEndpoints(EndpointPolicy newEndpoints) {
        return toBuilder().endpoints(newEndpoints).build();
    }

    public DispatcherConfig withGuard(CallbackUrlGuard newGuard) {
        return toBuilder().guard(newGuard).build();
    }

    /** New connect and headers timeouts; the attempt deadline becomes {@code newRequest} + {@link #DEADLINE_MARGIN}. */
    public DispatcherConfig withTimeouts(Duration newConnect, Duration newRequest) {
        return withTimeouts(newConnect, newRequest, newRequest.plus(DEADLINE_MARGIN));
    }

    public DispatcherConfig withTimeouts(Duration newConnect, Duration newRequest, Duration newDeadline) {
        return toBuilder().connectTimeout(newConnect).requestTimeout(newRequest).attemptDeadline(newDeadline).build();
    }

    public DispatcherConfig withRetryPolling(Duration newInterval, Duration newLease) {
        return toBuilder().retryPollInterval(newInterval).retryLease(newLease).build();
    }

    public DispatcherConfig withConcurrency(int newConcurrency) {
        return toBuilder().concurrency(newConcurrency).build();
    }

    /** The one place that lists every component: {@link #toBuilder} copies them, {@link #build} validates them. */
    public static final class Builder {
        private String groupId;
        private int concurrency;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private Duration attemptDeadline;
        private RetryPolicy retry;
        private EndpointPolicy endpoints;
        private CallbackUrlGuard guard;
        private Duration dedupeTtl;
        private int maxPending;
        private long maxHeldBytes;
        private Duration retryPollInterval;
        private Duration retryLease;
        private String memberId;

        private Builder(DispatcherConfig c) {
            groupId = c.groupId;
            concurrency = c.concurrency;
            connectTimeout = c.connectTimeout;
            requestTimeout = c.requestTimeout;
            attemptDeadline = c.attemptDeadline;
            retry = c.retry;
            endpoints = c.endpoints;
            guard = c.guard;
            dedupeTtl = c.dedupeTtl;
            maxPending = c.maxPending;
            maxHeldBytes = c.maxHeldBytes;
            retryPollInterval = c.retryPollInterval;
            retryLease = c.retryLease;
            memberId = c.memberId;
        }

        public Builder groupId(String value) {
            groupId = value;
            return this;
        }

        public Builder concurrency(int value) {
            concurrency = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder attemptDeadline(Duration value) {
            attemptDeadline = value;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            retry = value;
            return this;
        }

        public Builder endpoints(EndpointPolicy value) {
            endpoints = value;
            return this;
        }

        public Builder guard(CallbackUrlGuard value) {
            guard = value;
            return this;
        }

        public Builder dedupeTtl(Duration value) {
            dedupeTtl = value;
            return this;
        }

        public Builder maxPending(int value) {
            maxPending = value;
            return this;
        }

        public Builder maxHeldBytes(long value) {
            maxHeldBytes = value;
            return this;
        }

        public Builder retryPollInterval(Duration value) {
            retryPollInterval = value;
            return this;
        }

        public Builder retryLease(Duration value) {
            retryLease = value;
            return this;
        }

        public Builder memberId(String value) {
            memberId = value;
            return this;
        }

        /** The settings, validated by the record's constructor. */
        public DispatcherConfig build() {
            return new DispatcherConfig(groupId, concurrency, connectTimeout, requestTimeout, attemptDeadline, retry, endpoints, guard,
                    dedupeTtl, maxPending, maxHeldBytes, retryPollInterval, retryLease, memberId);
        }
    }

    private static void requirePositive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive");
        }
    }
}
