package com.sage200events.common.lifecycle;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Loop} on a thread of its own, named {@code name}. Records how the loop ended: a loop that ends on a
 * throwable (an {@link Error} too), or returns before it was asked to stop, is dead, and {@link #death()} says why.
 * Created through {@link Lifecycle#startLoop}, which stops it in turn and lists it for {@code /health}.
 */
public final class ManagedLoop {

    private static final Logger log = LoggerFactory.getLogger(ManagedLoop.class);

    private final String name;
    private final Loop body;
    private final StopSignal signal = new StopSignal();
    private final Thread thread;
    private volatile Throwable death;

    ManagedLoop(String name, Loop body) {
        this.name = name;
        this.body = body;
        this.thread = new Thread(this::runBody, name);
    }

    void start() {
        thread.start();
    }

    private void runBody() {
        try {
            body.run(signal);
            if (!signal.requested()) {
                death = new IllegalStateException("loop " + name + " ended without being asked to stop");
                log.error("{}", death.getMessage());
            }
        } catch (Throwable t) {
            // Caught rather than left to the thread's default handler: the point is that /health learns of it.
            death = t;
            log.error("loop {} died", name, t);
        }
    }

    public String name() {
        return name;
    }

    /** False once the loop has died; a loop stopped on request stays alive in this sense. */
    public boolean alive() {
        return death == null;
    }

    /** Why the loop died, if it did. */
    public Optional<Throwable> death() {
        return Optional.ofNullable(death);
    }

    /**
     * Asks the loop to stop within {@code budget} (the loop reads it from its {@link StopSignal}), wakes it and waits
     * for its thread to end, at most {@code budget}; false when it has not ended by then.
     */
    public boolean stop(Duration budget) throws InterruptedException {
        signal.request(budget);
        body.wake();
        thread.join(Math.max(1, budget.toMillis()));
        return !thread.isAlive();
    }
}
