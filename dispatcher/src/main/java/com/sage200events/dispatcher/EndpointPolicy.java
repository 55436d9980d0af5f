package com.sage200events.dispatcher;

import java.time.Duration;

/**
 * How much one callback endpoint (scheme, host and port) may take, so a slow or dead one cannot delay
 * anyone else's events.
 *
 * @param maxInFlight      concurrent requests to the endpoint
 * @param maxQueued        most deliveries waiting for a free slot; the line is shorter for a slow endpoint
 *                         (about two seconds' worth at its recent latency); beyond it deliveries are deferred
 *                         to the retry queue (not counted as an attempt) and the consumer moves on
 * @param breakerFailures  consecutive failed attempts that open the endpoint's circuit breaker
 * @param breakerOpenFor   how long an open breaker fails attempts at once before letting one probe through
 * @param busyDeferral     how far a delivery deferred for a busy endpoint is pushed out
 */
public record EndpointPolicy(int maxInFlight, int maxQueued, int breakerFailures, Duration breakerOpenFor, Duration busyDeferral) {

    public EndpointPolicy {
        if (maxInFlight < 1 || maxInFlight > 1024) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and 1024");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must not be negative");
        }
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("breakerFailures must be at least 1");
        }
        if (breakerOpenFor == null || breakerOpenFor.isNegative() || breakerOpenFor.isZero()) {
            throw new IllegalArgumentException("breakerOpenFor must be positive");
        }
        if (busyDeferral == null || busyDeferral.isNegative()) {
            throw new IllegalArgumentException("busyDeferral must not be negative");
        }
    }

    public static EndpointPolicy defaults() {
        return new EndpointPolicy(16, 10_000, 5, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
