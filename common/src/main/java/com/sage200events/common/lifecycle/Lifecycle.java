package com.sage200events.common.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every service starts and stops (DESIGN §7, STYLE 9 and 17). What a service opens (clients, pools, servers)
 * and the loops it starts are registered here in start order; {@link #shutdown} stops them in reverse order, each
 * within what is left of one deadline, so a loop drains into the producer it publishes with before that producer
 * closes. {@link #starting} does the same for a start that fails halfway: everything opened so far is closed and the
 * failure rethrown. The state runs {@code STARTING → RUNNING → DRAINING → CLOSED}; {@link #shutdown} is idempotent.
 *
 * <p>Every loop started here is listed by {@link #loops()}, which {@code HealthChecks.loops} turns into one check per
 * loop: a loop that died makes {@code /health} answer 503 with its name.
 */
public final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    /** What a start that failed halfway gives the parts it opened to close; nothing is in flight yet. */
    private static final Duration FAILED_START_BUDGET = Duration.ofSeconds(30);

    /** Where a service is in its life. */
    public enum State { STARTING, RUNNING, DRAINING, CLOSED }

    /** Stops one part within {@code budget} (what is left of the shutdown's deadline). */
    @FunctionalInterface
    public interface Stopper<T> {
        void stop(T part, Duration budget) throws Exception;
    }

    private record Part(String name, Stopper<Object> stopper, Object part) {
    }

    private final String service;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final Deque<Part> parts = new ArrayDeque<>();
    private final List<ManagedLoop> loops = new CopyOnWriteArrayList<>();

    /** @param service the service's name, for logs ({@code worker}, {@code dispatcher}, ...) */
    public Lifecycle(String service) {
        this.service = service;
    }

    /**
     * Runs {@code start}, which opens the service's parts through this lifecycle, and marks it running. If it throws
     * (an {@link Error} too), every part opened so far is stopped in reverse order and the failure rethrown.
     */
    public <T> T starting(Supplier<T> start) {
        try {
            T started = start.get();
            state.compareAndSet(State.STARTING, State.RUNNING);
            return started;
        } catch (Throwable t) {
            log.error("{} failed to start; closing the {} part(s) it had opened", service, parts.size());
            shutdown(FAILED_START_BUDGET);
            throw t;
        }
    }

    /** Registers {@code part}, already open; it is closed with {@link AutoCloseable#close} in its turn. */
    public <T extends AutoCloseable> T own(String name, T part) {
        return own(name, part, (p, budget) -> p.close());
    }

    /** Registers {@code part}, already open; {@code stopper} stops it in its turn, given the time left. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T own(String name, T part, Stopper<? super T> stopper) {
        parts.push(new Part(name, (Stopper<Object>) stopper, part));
        return part;
    }

    /** Registers a step with nothing to close, e.g. waiting for in-flight work between two parts. */
    public void onStop(String name, Stopper<Void> step) {
        own(name, null, step);
    }

    /** Starts {@code body} on a thread named {@code name}; it is stopped in its turn and watched for {@code /health}. */
    public ManagedLoop startLoop(String name, Loop body) {
        ManagedLoop loop = new ManagedLoop(name, body);
        own(name, loop, (l, budget) -> {
            if (!l.stop(budget)) {
                log.warn("{}: {} did not stop within {}", service, name, budget);
            }
        });
        loops.add(loop);
        loop.start();
        return loop;
    }

    /** Every loop started, in start order. */
    public List<ManagedLoop> loops() {
        return List.copyOf(loops);
    }

    public State state() {
        return state.get();
    }

    /**
     * Stops every part in reverse start order, each within what is left of {@code timeout}; a part that fails to stop
     * is logged and the others still stop. Returns when all are done. Idempotent: a second call returns at once.
     */
    public void shutdown(Duration timeout) {
        State was = state.getAndUpdate(s -> s == State.DRAINING || s == State.CLOSED ? s : State.DRAINING);
        if (was == State.DRAINING || was == State.CLOSED) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Part part;
        while ((part = next()) != null) {
            try {
                part.stopper().stop(part.part(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("{}: interrupted while stopping {}", service, part.name());
            } catch (Exception e) {
                log.warn("{}: error while stopping {}: {}", service, part.name(), e.toString());
            }
        }
        state.set(State.CLOSED);
        log.info("{} stopped", service);
    }

    private synchronized Part next() {
        return parts.poll();
    }
}
