package com.sage200events.common.ops;

import com.sage200events.common.lifecycle.Lifecycle;
import java.time.Duration;

/**
 * A started service (worker, dispatcher, scheduler) as {@link ServiceMain} and the dev launcher see it: its
 * {@link Lifecycle}, what its {@code /health} checks, and a drain-then-close shutdown (DESIGN §7).
 */
public interface Service extends AutoCloseable {

    /** How long {@link #close} lets in-flight work finish. */
    Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(30);

    Lifecycle lifecycle();

    /** Adds this service's own checks to {@code checks}: its loops, and any check of its own. */
    default HealthChecks health(HealthChecks checks) {
        return checks.loops(lifecycle());
    }

    /** Finishes in-flight work, commits and closes, waiting at most {@code timeout}. Idempotent. */
    default void shutdown(Duration timeout) {
        lifecycle().shutdown(timeout);
    }

    @Override
    default void close() {
        shutdown(DEFAULT_SHUTDOWN);
    }
}
