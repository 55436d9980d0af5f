package com.sage200events.dispatcher.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.lifecycle.Loop;
import com.sage200events.common.lifecycle.StopSignal;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.RetryQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds due retries back into the {@link DeliveryEngine}. Wakes every {@code interval} of wall time and
 * asks the queue for entries due by the injected clock, so tests move time instead of waiting for it.
 * Each claim hides the entry for {@code lease}; if this process dies, another replica takes it after that.
 */
final class RetryPump implements Loop {

    private static final Logger log = LoggerFactory.getLogger(RetryPump.class);
    private static final int CLAIM_PER_SHARD = 100;

    private final RetryQueue queue;
    private final DeliveryEngine engine;
    private final DlqPublisher dlq;
    private final Clock clock;
    private final Duration interval;
    private final Duration lease;
    private final int maxInFlight;
    private final HeldBytes heldBytes;
    private final Counter cycles;
    private final Counter errors;
    private final MeterRegistry registry;

    RetryPump(RetryQueue queue, DeliveryEngine engine, DlqPublisher dlq, Clock clock, Duration interval, Duration lease,
              int maxInFlight, HeldBytes heldBytes, MeterRegistry registry) {
        this.queue = queue;
        this.engine = engine;
        this.dlq = dlq;
        this.clock = clock;
        this.interval = interval;
        this.lease = lease;
        this.maxInFlight = maxInFlight;
        this.heldBytes = heldBytes;
        this.registry = registry;
        this.cycles = registry.counter("dispatcher_retry_pump_cycles_total");
        this.errors = registry.counter("dispatcher_retry_pump_errors_total");
    }

    @Override
    public void run(StopSignal stop) {
        try {
            while (!stop.requested()) {
                int claimed = 0;
                try {
                    claimed = cycle();
                } catch (RuntimeException e) {
                    errors.increment();
                    log.warn("retry pump cycle failed, trying again: {}", e.toString());
                }
                cycles.increment();
                // A full claim means more may be due: go again at once rather than after a pause.
                if (claimed < CLAIM_PER_SHARD && stop.await(interval)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int cycle() {
        if (engine.retriesInFlight() >= maxInFlight || heldBytes.full()) {
            return 0;
        }
        List<RetryQueue.Entry> due = queue.claimDue(clock.instant(), lease, CLAIM_PER_SHARD);
        List<DeliveryJob> jobs = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            RetryQueue.Entry entry = due.get(i);
            if (heldBytes.full()) {
                // Over the budget: the rest go back to the queue, due now, for a later cycle.
                queue.release(due.subList(i, due.size()), clock.instant());
                break;
            }
            if (engine.isRetryInFlight(entry.notificationId())) {
                continue; // still being attempted here after its lease ran out; the attempt's outcome decides
            }
            try {
                DeliveryJob job = new DeliveryJob(Json.fromBytesKeepingObjects(entry.notificationJson().getBytes(StandardCharsets.UTF_8), EventNotification.class), entry.attemptsMade(), true,
                        entry.replay());
                job.notificationJson = entry.notificationJson();
                heldBytes.holdUntil(entry.notificationJson().length(), job.done);
                jobs.add(job);
            } catch (IllegalArgumentException e) {
                parkUnreadable(entry, e);
            }
        }
        engine.admit(jobs);
        return due.size();
    }

    private void parkUnreadable(RetryQueue.Entry entry, IllegalArgumentException e) {
        log.error("retry entry {} is unreadable; parked as it is: {}", entry.notificationId(), e.getMessage());
        registry.counter("dispatcher_poison_records_total").increment();
        try {
            dlq.parkRaw(null, entry.notificationJson().getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                    "unreadable retry entry: " + e.getMessage()).get(30, TimeUnit.SECONDS);
            queue.removeNow(entry.notificationId());
        } catch (Exception parkFailed) {
            log.warn("cannot park unreadable retry entry {} yet: {}", entry.notificationId(), parkFailed.toString());
        }
    }
}
