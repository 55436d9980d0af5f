package com.sage200events.common.sage;

import java.time.Duration;
import java.util.Optional;

/**
 * How a poll waits out Sage's short refusals in place (DESIGN §4 "Progress under faults"): a {@code 429}, or a
 * {@code 5xx} that says when to come back (typically {@code 503}), whose {@code Retry-After} is at most {@code maxWait} is waited out and
 * the same page asked again, up to {@code attempts} times per page. A longer wait, or one more refusal, gives up
 * the slot; the poll's progress is kept either way.
 *
 * @param attempts how many refusals of one page are waited out ({@code SAGE_RETRY_ATTEMPTS}, default 3; 0 turns
 *     waiting off)
 * @param maxWait the longest {@code Retry-After} waited out in place ({@code SAGE_RETRY_MAX_WAIT_SECONDS}, default 30)
 * @param pause how the wait is spent: {@link Thread#sleep} in production, a faster one in tests
 */
public record SageRetry(int attempts, Duration maxWait, Pause pause) {

    /** A 429 without {@code Retry-After} is retried after this (API Management always sends one; others may not). */
    static final Duration THROTTLE_DEFAULT_WAIT = Duration.ofSeconds(1);

    public SageRetry {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
    }

    /** The wait before asking again after {@code failure}, the {@code attempt}-th refusal of a page; empty to give up. */
    Optional<Duration> waitBefore(SageCallException failure, int attempt) {
        if (attempt > attempts) {
            return Optional.empty();
        }
        Optional<Duration> wait = switch (failure.kind()) {
            case THROTTLED -> Optional.of(failure.retryAfter().orElse(THROTTLE_DEFAULT_WAIT));
            case UNAVAILABLE -> failure.retryAfter();
            default -> Optional.empty();
        };
        return wait.filter(w -> w.compareTo(maxWait) <= 0);
    }

    /** Spends a wait; an interface so tests can run Sage's {@code Retry-After} on a faster clock. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;

        Pause THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());
    }
}
