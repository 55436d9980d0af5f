package com.sage200events.scheduler.internal;

import com.sage200events.common.model.StoredInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz job per instance, firing every {@code event.poller.refresh_interval}. The job reads the
 * instance afresh on each fire, so configuration changes apply on the next tick without rescheduling;
 * only a new interval needs {@link #schedule} again. {@link #schedule} and {@link #unschedule} also announce
 * the change so the other replicas follow ({@link ScheduleSync}); the {@code …Locally} forms do not.
 *
 * <p>Slots sit at fixed instants, {@code phase(id) + k × interval} since the epoch: every replica computes the
 * same slot times, so the per-slot claim in Redis lets exactly one of them publish, and instances' phases are
 * spread over the interval so they do not all fire together.
 */
public final class PollScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);
    static final String INSTANCE_ID = "instanceId";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Scheduler quartz;
    private final Clock clock;
    private final LongConsumer announce;

    /**
     * @param job runs every slot of every instance
     * @param announce tells the other replicas an instance's schedule changed
     */
    public PollScheduler(Job job, int threads, Clock clock, LongConsumer announce) {
        this.clock = clock;
        this.announce = announce;
        Properties props = new Properties();
        // Quartz hands out one scheduler per name and JVM: replicas sharing a JVM (tests, dev) need their own.
        props.setProperty("org.quartz.scheduler.instanceName", "sage-poll-scheduler-" + INSTANCES.incrementAndGet());
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        // A slot missed by more than this is not fired late: the next regular slot polls anyway.
        props.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(props);
            this.quartz = factory.getScheduler();
            quartz.setJobFactory((bundle, scheduler) -> job);
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start Quartz", e);
        }
    }

    /** (Re)schedules an instance here and on every replica. */
    public void schedule(StoredInstance instance) {
        scheduleLocally(instance);
        announce.accept(instance.id());
    }

    /** (Re)schedules an instance on this replica only. */
    public void scheduleLocally(StoredInstance instance) {
        Duration interval = instance.settings().refreshInterval();
        JobKey key = jobKey(instance.id());
        JobDetail detail = JobBuilder.newJob(PollJob.class).withIdentity(key).usingJobData(INSTANCE_ID, instance.id())
                .storeDurably(false).build();
        Instant first = nextSlot(instance.id(), interval, clock.instant());
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("poll-" + instance.id())
                .startAt(Date.from(first))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            quartz.deleteJob(key);
            quartz.scheduleJob(detail, trigger);
            log.debug("instance {} polls every {} (next slot {})", instance.id(), interval, first);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule instance " + instance.id(), e);
        }
    }

    /** Schedules the instance here unless it already runs at its interval (so slot times are not disturbed). */
    public void ensureScheduled(StoredInstance instance) {
        if (!scheduledInterval(instance.id()).equals(Optional.of(instance.settings().refreshInterval()))) {
            scheduleLocally(instance);
        }
    }

    /** The interval this replica polls the instance at, if it is scheduled here. */
    public Optional<Duration> scheduledInterval(long instanceId) {
        try {
            return quartz.getTriggersOfJob(jobKey(instanceId)).stream()
                    .filter(SimpleTrigger.class::isInstance)
                    .map(t -> Duration.ofMillis(((SimpleTrigger) t).getRepeatInterval()))
                    .findFirst();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the schedule of instance " + instanceId, e);
        }
    }

    /** The first slot after {@code now}: slots of an instance sit at {@code phase + k × interval} since the epoch. */
    static Instant nextSlot(long instanceId, Duration interval, Instant now) {
        long step = Math.max(1, interval.toMillis());
        // A multiplicative hash spreads consecutive ids across the interval.
        long phase = Math.floorMod(instanceId * 0x9E3779B97F4A7C15L, step);
        long nowMs = now.toEpochMilli();
        return Instant.ofEpochMilli(nowMs - Math.floorMod(nowMs - phase, step) + step);
    }

    /** Stops polling an instance here and on every replica. */
    public void unschedule(long instanceId) {
        unscheduleLocally(instanceId);
        announce.accept(instanceId);
    }

    public void unscheduleLocally(long instanceId) {
        try {
            quartz.deleteJob(jobKey(instanceId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot unschedule instance " + instanceId, e);
        }
    }

    private static JobKey jobKey(long instanceId) {
        return JobKey.jobKey("instance-" + instanceId);
    }

    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("Quartz did not shut down cleanly: {}", e.toString());
        }
    }
}
