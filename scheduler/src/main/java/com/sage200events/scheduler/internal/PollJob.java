package com.sage200events.scheduler.internal;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.SlotClaims;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires one slot of one instance: a poll task per configured resource. Each (instance, resource, slot) is
 * claimed in Redis first, so scheduler replicas never publish the same slot twice, and a slot is skipped while
 * the resource's previous task still waits or runs (no pile-up behind a slow Sage). Never throws: a failed
 * slot is logged and counted, and the next slot tries again.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(PollJob.class);

    private final InstanceRepository instances;
    private final SlotClaims slots;
    private final PollTaskPublisher publisher;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer lag;

    public PollJob(InstanceRepository instances, SlotClaims slots, PollTaskPublisher publisher, MeterRegistry registry,
                   Clock clock) {
        this.instances = instances;
        this.slots = slots;
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.lag = Timer.builder("scheduler_slot_publish_lag").description("from a slot's due time to its tasks' acknowledgement")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public void execute(JobExecutionContext context) {
        long instanceId = context.getMergedJobDataMap().getLong(PollScheduler.INSTANCE_ID);
        if (!fire(instanceId, context.getScheduledFireTime().toInstant(), false)) {
            try {
                // Deleted through another replica whose announcement we missed: stop firing for it.
                context.getScheduler().deleteJob(context.getJobDetail().getKey());
            } catch (SchedulerException e) {
                log.warn("cannot unschedule deleted instance {}: {}", instanceId, e.toString());
            }
        }
    }

    /**
     * Publishes the slot's tasks for every resource this replica claims; also used for the one catch-up poll
     * after downtime ({@code catchUp}: counted apart, since its lag is the downtime, not ours). Returns false
     * when the instance no longer exists.
     */
    public boolean fire(long instanceId, Instant slot, boolean catchUp) {
        try {
            Optional<StoredInstance> instance = instances.find(instanceId);
            if (instance.isEmpty()) {
                return false;
            }
            InstanceSettings settings = instance.get().settings();
            // A worker would only record "skipped": without Sage access or with events off there is nothing to poll.
            if (!settings.eventsEnabled() || instance.get().status() != InstanceStatus.ACTIVE) {
                return true;
            }
            List<PollTask> claimed = claim(instanceId, List.copyOf(settings.pollers().keySet()), slot, settings.refreshInterval());
            List<PollTask> failed = publisher.publishAll(claimed);
            release(failed);
            registry.counter("scheduler_slots_published_total").increment(claimed.size() - failed.size());
            if (!failed.isEmpty()) {
                registry.counter("scheduler_slot_errors_total").increment(failed.size());
                log.warn("slot {} of instance {}: {} task(s) not acknowledged by Kafka; the next slot retries", slot, instanceId, failed.size());
            }
            if (catchUp) {
                registry.counter("scheduler_catch_up_slots_total").increment(claimed.size());
            } else if (!claimed.isEmpty()) {
                lag.record(Duration.between(slot, clock.instant()).abs());
            }
        } catch (RuntimeException e) {
            registry.counter("scheduler_slot_errors_total").increment();
            log.error("slot {} of instance {} failed; the next slot retries", slot, instanceId, e);
        }
        return true;
    }

    /** One round trip claims the slot of every resource; returns the tasks this replica must publish. */
    private List<PollTask> claim(long instanceId, List<String> resources, Instant slot, Duration interval) {
        // Claims outlive two intervals so a late replica cannot re-claim; pending clears when the poll ends, or
        // expires after two intervals if its worker died.
        Duration claimTtl = interval.multipliedBy(2);
        Duration pendingTtl = claimTtl.compareTo(Duration.ofMinutes(2)) > 0 ? claimTtl : Duration.ofMinutes(2);
        List<SlotClaims.Claim> answers = slots.claimSlot(instanceId, resources, slot, claimTtl, pendingTtl);
        List<PollTask> claimed = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            SlotClaims.Claim answer = answers.get(i);
            if (answer == SlotClaims.Claim.CLAIMED) {
                claimed.add(PollTask.scheduled(instanceId, resources.get(i), slot));
            } else if (answer == SlotClaims.Claim.PENDING) {
                registry.counter("scheduler_slots_skipped_pending_total").increment();
                log.debug("slot {} of {}/{} skipped: its previous task is still pending", slot, instanceId, resources.get(i));
            }
        }
        return claimed;
    }

    /** A task Kafka did not take is not pending: the next slot may try again. */
    private void release(List<PollTask> failed) {
        failed.stream().collect(java.util.stream.Collectors.groupingBy(PollTask::instanceId))
                .forEach((id, tasks) -> slots.releasePending(id, tasks.stream().map(PollTask::resource).toList()));
    }
}
