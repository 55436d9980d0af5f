package com.sage200events.sandbox.internal.activity;

import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.ActivityStatus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a generator in the background at its configured rate: a tick every 20 ms performs the
 * operations that have fallen due since the start, so the rate holds on average whatever the tick's
 * jitter. A tick that falls far behind (a paused JVM) skips the backlog rather than bursting.
 * A failed operation is counted and logged, never the end of the activity.
 */
public final class ActivityRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActivityRunner.class);
    private static final long TICK_MILLIS = 20;
    /** At most half a second's worth of operations per tick. */
    private static final double MAX_BACKLOG_SECONDS = 0.5;

    private final Function<ActivityConfig, ActivityGenerator> generators;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-activity");
        thread.setDaemon(true);
        return thread;
    });
    private ActivityGenerator generator;
    private ScheduledFuture<?> ticking;
    private long startedNanos;
    private long done;
    private long performed;
    private long errors;

    public ActivityRunner(Function<ActivityConfig, ActivityGenerator> generators) {
        this.generators = generators;
    }

    /** Starts (or restarts with the new configuration) the background activity. */
    public synchronized void start(ActivityConfig config) {
        ActivityGenerator next = generators.apply(config);
        stop();
        generator = next;
        done = 0;
        performed = 0;
        errors = 0;
        startedNanos = System.nanoTime();
        ticking = executor.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    /** Runs {@code operations} operations now with a fresh generator for {@code config}; the background one is untouched. */
    public synchronized long runNow(ActivityConfig config, int operations) {
        ActivityGenerator once = generators.apply(config);
        for (int i = 0; i < operations; i++) {
            once.step();
        }
        return operations;
    }

    public synchronized ActivityStatus status() {
        if (generator == null) {
            return new ActivityStatus(false, null, 0, 0, 0, 0);
        }
        return new ActivityStatus(ticking != null, generator.config(), performed, generator.creates(), generator.updates(), errors);
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }

    private synchronized void tick() {
        if (ticking == null) {
            return;
        }
        double rate = generator.config().operationsPerSecond();
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        long due = (long) (elapsed * rate) - done;
        long cap = Math.max(1, (long) (rate * MAX_BACKLOG_SECONDS));
        if (due > cap) {
            done += due - cap;
            due = cap;
        }
        for (long i = 0; i < due; i++) {
            done++;
            performed++;
            try {
                generator.step();
            } catch (RuntimeException e) {
                errors++;
                log.warn("Sandbox activity: an operation failed ({}); carrying on", e.toString());
            }
        }
    }
}
