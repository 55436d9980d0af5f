package com.sage200events.common.lifecycle;

/**
 * The body of a service's long-running thread (a consumer loop, a pump, a writer). It runs until {@code stop} is
 * requested, finishes and commits what it holds, closes what it owns, and returns. Ending any other way (a throw,
 * including an {@link Error}, or returning unasked) is a death that {@link ManagedLoop} records and
 * {@code /health} reports (DESIGN §7).
 */
public interface Loop {

    void run(StopSignal stop) throws Exception;

    /** Cuts short a blocking call so the loop sees the stop, e.g. {@code consumer.wakeup()}; called from another thread. */
    default void wake() {
    }
}
