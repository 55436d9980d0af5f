package com.sage200events.scheduler.internal;

import com.sage200events.common.model.StoredInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz job per instance, firing every {@code event.poller.refresh_interval}. The job reads the
 * instance afresh on each fire, so configuration changes apply on the next tick without rescheduling;
 * only a new interval needs {@link #schedule} again.
 */
public final class PollScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);
    static final String INSTANCE_ID = "instanceId";

    private final Scheduler quartz;
    private final Clock clock;

    public PollScheduler(PollJob job, int threads, Clock clock) {
        this.clock = clock;
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", "sage-poll-scheduler");
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

    /** (Re)schedules an instance; the first fire is spread over one interval so instances do not fire together. */
    public void schedule(StoredInstance instance) {
        Duration interval = instance.settings().refreshInterval();
        JobKey key = jobKey(instance.id());
        JobDetail detail = JobBuilder.newJob(PollJob.class).withIdentity(key).usingJobData(INSTANCE_ID, instance.id())
                .storeDurably(false).build();
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis()));
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("poll-" + instance.id())
                .startAt(Date.from(clock.instant().plusMillis(jitter)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            quartz.deleteJob(key);
            quartz.scheduleJob(detail, trigger);
            log.info("instance {} polls every {} (first in {} s)", instance.id(), interval, jitter / 1000);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule instance " + instance.id(), e);
        }
    }

    public void unschedule(long instanceId) {
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
