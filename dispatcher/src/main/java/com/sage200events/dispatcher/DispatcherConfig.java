package com.sage200events.dispatcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the dispatcher delivers.
 *
 * @param groupId consumer group of all dispatcher replicas ({@code DISPATCHER_GROUP_ID})
 * @param concurrency consumer threads in this process ({@code DISPATCHER_CONCURRENCY})
 * @param connectTimeout connecting to a callback ({@code DELIVERY_CONNECT_TIMEOUT_SECONDS}, default 5)
 * @param requestTimeout a whole delivery attempt ({@code DELIVERY_TIMEOUT_SECONDS}, default 15)
 * @param retryDelays the waits before each retry; an empty list means one attempt only
 */
public record DispatcherConfig(
        String groupId,
        int concurrency,
        Duration connectTimeout,
        Duration requestTimeout,
        List<Duration> retryDelays) {

    public DispatcherConfig {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be set");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        retryDelays = List.copyOf(retryDelays);
        if (retryDelays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retryDelays must not be negative");
        }
    }

    public static DispatcherConfig defaults() {
        return new DispatcherConfig("sage-dispatchers", 2, Duration.ofSeconds(5), Duration.ofSeconds(15),
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15)));
    }

    public static DispatcherConfig fromEnv(Map<String, String> env) {
        DispatcherConfig d = defaults();
        return new DispatcherConfig(
                env.getOrDefault("DISPATCHER_GROUP_ID", d.groupId()),
                Integer.parseInt(env.getOrDefault("DISPATCHER_CONCURRENCY", Integer.toString(d.concurrency()))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_CONNECT_TIMEOUT_SECONDS", "5"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DELIVERY_TIMEOUT_SECONDS", "15"))),
                d.retryDelays());
    }

    public DispatcherConfig withGroupId(String newGroupId) {
        return new DispatcherConfig(newGroupId, concurrency, connectTimeout, requestTimeout, retryDelays);
    }

    public DispatcherConfig withRetryDelays(List<Duration> newDelays) {
        return new DispatcherConfig(groupId, concurrency, connectTimeout, requestTimeout, newDelays);
    }
}
