package com.sage200events.worker.internal;

import com.sage200events.worker.PollObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker's Prometheus meters; also the default {@link PollObserver}. */
final class WorkerMetrics implements PollObserver {

    private final MeterRegistry registry;
    private final AtomicInteger inProgress;
    private final Counter redisCalls;

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inProgress = registry.gauge("sage_polls_in_progress", new AtomicInteger());
        this.redisCalls = registry.counter("worker_redis_round_trips_total");
    }

    void poll(String resource, String result) {
        registry.counter("sage_polls_total", "resource", resource, "result", result).increment();
    }

    void failure(String kind) {
        registry.counter("sage_poll_failures_total", "kind", kind).increment();
    }

    void polled(String resource, ResourcePollRunner.PollOutcome outcome, Instant started, Instant ended) {
        registry.counter("sage_records_read_total", "resource", resource).increment(outcome.records());
        registry.counter("sage_events_published_total", "resource", resource).increment(outcome.events());
        registry.counter("sage_unreadable_dates_total", "resource", resource).increment(outcome.unreadable());
        registry.timer("sage_poll_duration", "resource", resource).record(Duration.between(started, ended));
    }

    @Override
    public void pollStarted(long instanceId, String resource) {
        inProgress.incrementAndGet();
    }

    @Override
    public void pollEnded(long instanceId, String resource) {
        inProgress.decrementAndGet();
    }

    @Override
    public void redisRoundTrip() {
        redisCalls.increment();
    }
}
