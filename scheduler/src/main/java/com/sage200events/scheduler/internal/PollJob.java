package com.sage200events.scheduler.internal;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
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
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Fires one slot of one instance: a poll task per configured resource. Each (instance, resource, slot) is
 * claimed in Redis first, so scheduler replicas never publish the same slot twice, and a slot is skipped while
 * the resource's previous task still waits or runs (no pile-up behind a slow Sage). Never throws: a failed
 * slot is logged and counted, and the next slot tries again.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(PollJob.class);

    /** Claims the slot unless it is claimed already or the resource's previous task is still pending. */
    private static final String CLAIM = """
            if redis.call('exists', KEYS[1]) == 1 then return 'taken' end
            if redis.call('exists', KEYS[2]) == 1 then return 'pending' end
            redis.call('set', KEYS[1], '1', 'PX', ARGV[1])
            redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[2])
            return 'claimed'
            """;

    private final InstanceRepository instances;
    private final JedisPooled redis;
    private final RedisKeys keys;
    private final PollTaskPublisher publisher;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer lag;

    public PollJob(InstanceRepository instances, JedisPooled redis, RedisKeys keys, PollTaskPublisher publisher, MeterRegistry registry,
                   Clock clock) {
        this.instances = instances;
        this.redis = redis;
        this.keys = keys;
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
        String claimTtl = Long.toString(interval.multipliedBy(2).toMillis());
        String pendingTtl = Long.toString(Math.max(interval.multipliedBy(2).toMillis(), Duration.ofMinutes(2).toMillis()));
        List<Response<Object>> answers = new ArrayList<>(resources.size());
        try (Pipeline pipeline = redis.pipelined()) {
            for (String resource : resources) {
                answers.add(pipeline.eval(CLAIM,
                        List.of(keys.slot(instanceId, resource, slot.toEpochMilli()), keys.pending(instanceId, resource)),
                        List.of(claimTtl, pendingTtl, Long.toString(slot.toEpochMilli()))));
            }
            pipeline.sync();
        }
        List<PollTask> claimed = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            Object answer = answers.get(i).get();
            if ("claimed".equals(answer)) {
                claimed.add(PollTask.scheduled(instanceId, resources.get(i), slot));
            } else if ("pending".equals(answer)) {
                registry.counter("scheduler_slots_skipped_pending_total").increment();
                log.debug("slot {} of {}/{} skipped: its previous task is still pending", slot, instanceId, resources.get(i));
            }
        }
        return claimed;
    }

    /** A task Kafka did not take is not pending: the next slot may try again. */
    private void release(List<PollTask> failed) {
        if (failed.isEmpty()) {
            return;
        }
        try (Pipeline pipeline = redis.pipelined()) {
            failed.forEach(task -> pipeline.del(keys.pending(task.instanceId(), task.resource())));
            pipeline.sync();
        }
    }
}
