package com.sage200events.scheduler.internal;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Fires one slot of one instance: a poll task per configured resource. Each (instance, resource, slot) is
 * claimed in Redis first, so scheduler replicas never publish the same slot twice. Never throws: a failed
 * slot is logged and counted, and the next slot tries again.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(PollJob.class);

    private final InstanceRepository instances;
    private final JedisPooled redis;
    private final RedisKeys keys;
    private final PollTaskPublisher publisher;
    private final MeterRegistry registry;

    public PollJob(InstanceRepository instances, JedisPooled redis, RedisKeys keys, PollTaskPublisher publisher, MeterRegistry registry) {
        this.instances = instances;
        this.redis = redis;
        this.keys = keys;
        this.publisher = publisher;
        this.registry = registry;
    }

    @Override
    public void execute(JobExecutionContext context) {
        long instanceId = context.getMergedJobDataMap().getLong(PollScheduler.INSTANCE_ID);
        Instant slot = context.getScheduledFireTime().toInstant();
        try {
            Optional<StoredInstance> instance = instances.find(instanceId);
            if (instance.isEmpty()) {
                // Deleted through another replica whose announcement we missed: stop firing for it.
                context.getScheduler().deleteJob(context.getJobDetail().getKey());
                return;
            }
            InstanceSettings settings = instance.get().settings();
            // A worker would only record "skipped": without Sage access or with events off there is nothing to poll.
            if (!settings.eventsEnabled() || instance.get().status() != InstanceStatus.ACTIVE) {
                return;
            }
            for (String resource : settings.pollers().keySet()) {
                if (claim(instanceId, resource, slot, settings)) {
                    publisher.publish(PollTask.scheduled(instanceId, resource, slot));
                    registry.counter("scheduler_slots_published_total").increment();
                }
            }
        } catch (RuntimeException | SchedulerException e) {
            registry.counter("scheduler_slot_errors_total").increment();
            log.error("slot {} of instance {} failed; the next slot retries", slot, instanceId, e);
        }
    }

    private boolean claim(long instanceId, String resource, Instant slot, InstanceSettings settings) {
        String key = keys.prefix() + "slot:{" + instanceId + ":" + resource + "}:" + slot.toEpochMilli();
        return "OK".equals(redis.set(key, "1", SetParams.setParams().nx().px(settings.refreshInterval().toMillis() * 2)));
    }
}
