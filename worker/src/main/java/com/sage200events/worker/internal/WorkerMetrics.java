package com.sage200events.worker.internal;

import com.sage200events.common.redis.CursorStore;
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

    /** Counts a committed page: what a poll did stays counted even when a later page fails. */
    void page(String resource, CursorStore.PageTotals page) {
        registry.counter("sage_records_read_total", "resource", resource).increment(page.records());
        registry.counter("sage_events_published_total", "resource", resource).increment(page.events());
        registry.counter("sage_unreadable_dates_total", "resource", resource).increment(page.unreadable());
        registry.counter("sage_future_stamps_total", "resource", resource).increment(page.futureStamps());
        registry.counter("sage_oversized_records_total", "resource", resource).increment(page.oversized());
    }

    void polled(String resource, Instant started, Instant ended) {
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
