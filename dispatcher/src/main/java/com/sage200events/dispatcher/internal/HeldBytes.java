package com.sage200events.dispatcher.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serialized bytes of the notifications the dispatcher holds unfinished, against one budget for the process
 * ({@code DispatcherConfig.maxHeldBytes}). Consumers pause their partitions when it is full and the retry pump
 * claims nothing, until deliveries finish; so a slow or dead endpoint, whose deliveries wait in line or in flight,
 * slows intake instead of running the JVM out of memory (found by issue 16's soak at a 256 MiB heap).
 */
final class HeldBytes {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    HeldBytes(long limit) {
        this.limit = limit;
    }

    /** Counts {@code bytes} until {@code done} completes, however it completes. */
    void holdUntil(long bytes, CompletableFuture<?> done) {
        held.addAndGet(bytes);
        done.whenComplete((ok, error) -> held.addAndGet(-bytes));
    }

    /** True at or over the budget: take nothing more in. */
    boolean full() {
        return held.get() >= limit;
    }

    /** True below half the budget: paused intake may resume (half, so it does not flap at the edge). */
    boolean belowHalf() {
        return held.get() < limit / 2;
    }

    long held() {
        return held.get();
    }
}
