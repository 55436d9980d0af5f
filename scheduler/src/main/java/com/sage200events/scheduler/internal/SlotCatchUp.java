package com.sage200events.scheduler.internal;

import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After downtime, one catch-up poll per resource, not a storm: at start-up each instance's most recent past
 * slot is fired if nobody published it (its claim in Redis is gone or was never made). Every missed slot
 * folds into that one, and a replica starting beside live ones finds the slot claimed and does nothing.
 */
public final class SlotCatchUp implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SlotCatchUp.class);

    private final InstanceRepository instances;
    private final PollJob job;
    private final Clock clock;

    public SlotCatchUp(InstanceRepository instances, PollJob job, Clock clock) {
        this.instances = instances;
        this.job = job;
        this.clock = clock;
    }

    private void catchUp(StoredInstance instance) {
        Duration interval = instance.settings().refreshInterval();
        Instant previous = PollScheduler.nextSlot(instance.id(), interval, clock.instant()).minus(interval);
        if (!previous.isBefore(instance.createdAt())) {
            job.fire(instance.id(), previous, true);
        }
    }

    @Override
    public void run() {
        int checked = instances.forEach(this::catchUp);
        log.info("catch-up: checked the last slot of {} instance(s)", checked);
    }
}
