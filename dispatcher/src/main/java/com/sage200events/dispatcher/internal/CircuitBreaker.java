package com.sage200events.dispatcher.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One endpoint's breaker: {@code CLOSED} until {@code failureThreshold} attempts fail in a row, then
 * {@code OPEN} (attempts fail at once, no request sent) for {@code openFor}, then {@code HALF_OPEN}: one
 * probe goes through, and its outcome closes or re-opens the breaker. Time comes from the injected clock.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;  // guarded by this
    private Instant openUntil;        // guarded by this; null while closed
    private boolean probeInFlight;    // guarded by this

    CircuitBreaker(int failureThreshold, Duration openFor, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether an attempt may send its request now; in half-open state only one probe at a time may. */
    synchronized boolean tryPass() {
        return remainingOpen() == null && !probeInFlight && claimProbeIfOpen();
    }

    /** How long the breaker stays open from now, or null when it is closed or half-open. */
    synchronized Duration remainingOpen() {
        if (openUntil == null) {
            return null;
        }
        Instant now = clock.instant();
        return now.isBefore(openUntil) ? Duration.between(now, openUntil) : null;
    }

    private boolean claimProbeIfOpen() {
        if (openUntil != null) {
            probeInFlight = true;
        }
        return true;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
        openUntil = null;
        probeInFlight = false;
    }

    synchronized void failed() {
        consecutiveFailures++;
        if (probeInFlight || consecutiveFailures >= failureThreshold) {
            openUntil = clock.instant().plus(openFor);
        }
        probeInFlight = false;
    }

    /**
     * The attempt that passed ended without an answer that says anything about the endpoint (its address was refused
     * before connecting, or our own code failed): neither a success nor a failure, but a half-open breaker's probe is
     * over, so another may go. Without this such a probe kept the breaker waiting for ever.
     */
    synchronized void released() {
        probeInFlight = false;
    }

    synchronized State state() {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }
}
