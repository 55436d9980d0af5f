package com.sage200events.worker;

/**
 * Sees every poll start and end (the lease is held in between) and every Redis round trip a poll makes.
 * The worker's metrics implement it; tests and benchmarks add their own to check concurrency and costs.
 */
public interface PollObserver {

    PollObserver NONE = new PollObserver() {
    };

    default void pollStarted(long instanceId, String resource) {
    }

    default void pollEnded(long instanceId, String resource) {
    }

    /** One request/response exchange with Redis (a pipeline or a script counts once). */
    default void redisRoundTrip() {
    }

    /** Combines observers; each sees every call. */
    static PollObserver both(PollObserver a, PollObserver b) {
        return new PollObserver() {
            @Override
            public void pollStarted(long instanceId, String resource) {
                a.pollStarted(instanceId, resource);
                b.pollStarted(instanceId, resource);
            }

            @Override
            public void pollEnded(long instanceId, String resource) {
                a.pollEnded(instanceId, resource);
                b.pollEnded(instanceId, resource);
            }

            @Override
            public void redisRoundTrip() {
                a.redisRoundTrip();
                b.redisRoundTrip();
            }
        };
    }
}
