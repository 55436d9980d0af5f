package com.sage200events.worker.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;

/** The worker's Prometheus meters. */
final class WorkerMetrics {

    private final MeterRegistry registry;

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    void malformedTask() {
        registry.counter("sage_poll_tasks_malformed_total").increment();
    }
}
