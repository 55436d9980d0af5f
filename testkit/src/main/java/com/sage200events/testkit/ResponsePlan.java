package com.sage200events.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** What a {@link WebhookReceiver} answers next: queued replies first, then 200; every reply after a delay. */
final class ResponsePlan {

    record Reply(int status, Duration delay) {}

    private static final int DEFAULT_STATUS = 200;

    private final Deque<Reply> queued = new ArrayDeque<>(); // guarded by this
    private Duration baseDelay = Duration.ZERO;            // guarded by this

    synchronized void enqueue(Duration extraDelay, int... statuses) {
        for (int status : statuses) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status must be 100..599, was " + status);
            }
            queued.add(new Reply(status, extraDelay));
        }
    }

    synchronized void delayEveryReply(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        baseDelay = delay;
    }

    synchronized Reply next() {
        Reply planned = queued.poll();
        return planned == null
                ? new Reply(DEFAULT_STATUS, baseDelay)
                : new Reply(planned.status(), baseDelay.plus(planned.delay()));
    }

    synchronized void reset() {
        queued.clear();
        baseDelay = Duration.ZERO;
    }
}
