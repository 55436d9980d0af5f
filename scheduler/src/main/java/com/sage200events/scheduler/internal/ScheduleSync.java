package com.sage200events.scheduler.internal;

import com.sage200events.common.lifecycle.Loop;
import com.sage200events.common.lifecycle.StopSignal;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.ScheduleChanges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every scheduler replica's Quartz jobs in step. Each replica schedules every instance (slots are claimed
 * in Redis, so only one publishes), which means an instance created, re-timed or deleted through one replica
 * must reach the others: the change is announced on a Redis stream, and every replica follows the stream and
 * re-reads the instance. Entries carry only an id; the instance in Redis is the truth.
 */
public final class ScheduleSync {

    private static final Logger log = LoggerFactory.getLogger(ScheduleSync.class);
    private static final int BLOCK_MILLIS = 1_000;

    private final ScheduleChanges changes;
    private final InstanceRepository instances;
    private final MeterRegistry registry;

    public ScheduleSync(RedisStores redis, MeterRegistry registry) {
        this.changes = redis.scheduleChanges();
        this.instances = redis.instances();
        this.registry = registry;
    }

    /** Tells every replica (this one included) to re-read the instance's schedule. */
    public void announce(long instanceId) {
        changes.announce(instanceId);
    }

    /** Where the stream ends now: following from here, after loading every instance, misses nothing in between. */
    public String position() {
        return changes.position();
    }

    /**
     * The loop that applies every change announced after {@code from} to {@code scheduler}; the scheduler's lifecycle
     * runs it on a thread of its own ({@code schedule-sync}). It sees a stop within one blocking read.
     */
    public Loop follower(String from, PollScheduler scheduler) {
        return stop -> run(stop, from, scheduler);
    }

    private void run(StopSignal stop, String from, PollScheduler scheduler) throws InterruptedException {
        String last = from;
        while (!stop.requested()) {
            try {
                for (ScheduleChanges.Change change : changes.after(last, Duration.ofMillis(BLOCK_MILLIS), 500)) {
                    apply(change.instanceId(), scheduler);
                    last = change.position();
                }
            } catch (RuntimeException e) {
                if (stop.requested()) {
                    return;
                }
                registry.counter("scheduler_sync_errors_total").increment();
                log.error("following schedule changes failed; retrying in 1 s", e);
                stop.await(Duration.ofSeconds(1));
            }
        }
    }

    private void apply(long instanceId, PollScheduler scheduler) {
        Optional<StoredInstance> instance = instances.find(instanceId);
        if (instance.isEmpty()) {
            scheduler.unscheduleLocally(instanceId);
        } else {
            scheduler.ensureScheduled(instance.get());
        }
    }
}
