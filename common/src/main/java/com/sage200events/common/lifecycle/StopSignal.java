package com.sage200events.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loop's "please stop" and the time it was given to stop: set once by {@link ManagedLoop#stop}, read by the loop
 * (its {@code while (!stop.requested())} and its waits), so no loop keeps latches or flags of its own.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile long deadlineNanos;

    void request(Duration budget) {
        if (requested.getCount() > 0) {
            deadlineNanos = System.nanoTime() + budget.toNanos();
            requested.countDown();
        }
    }

    /** Whether the loop has been asked to stop. */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code wait}; true as soon as a stop is requested (a loop's pause that a stop cuts short). */
    public boolean await(Duration wait) throws InterruptedException {
        return requested.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How long the loop has left to drain and close; zero before a stop is requested and after the deadline. */
    public Duration remaining() {
        return requested() ? Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())) : Duration.ZERO;
    }
}
