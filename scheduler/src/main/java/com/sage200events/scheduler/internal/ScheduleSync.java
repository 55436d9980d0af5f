package com.sage200events.scheduler.internal;

import com.sage200events.common.lifecycle.Loop;
import com.sage200events.common.lifecycle.StopSignal;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Keeps every scheduler replica's Quartz jobs in step. Each replica schedules every instance (slots are claimed
 * in Redis, so only one publishes), which means an instance created, re-timed or deleted through one replica
 * must reach the others: the change is announced on a Redis stream, and every replica follows the stream and
 * re-reads the instance. Entries carry only an id; the instance in Redis is the truth.
 */
public final class ScheduleSync {

    private static final Logger log = LoggerFactory.getLogger(ScheduleSync.class);
    /** Far more changes than a replica can fall behind by in one read; the stream stays small. */
    private static final long MAX_LENGTH = 10_000;
    private static final int BLOCK_MILLIS = 1_000;

    private final JedisPooled redis;
    private final String stream;
    private final InstanceRepository instances;
    private final MeterRegistry registry;

    public ScheduleSync(JedisPooled redis, RedisKeys keys, MeterRegistry registry) {
        this.redis = redis;
        this.stream = keys.prefix() + "schedule-changes";
        this.instances = new InstanceRepository(redis, keys);
        this.registry = registry;
    }

    /** Tells every replica (this one included) to re-read the instance's schedule. */
    public void announce(long instanceId) {
        redis.xadd(stream, XAddParams.xAddParams().maxLen(MAX_LENGTH).approximateTrimming(),
                Map.of("instance", Long.toString(instanceId)));
    }

    /** Where the stream ends now: following from here, after loading every instance, misses nothing in between. */
    public StreamEntryID position() {
        List<StreamEntry> newest = redis.xrevrange(stream, "+", "-", 1);
        return newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
    }

    /**
     * The loop that applies every change announced after {@code from} to {@code scheduler}; the scheduler's lifecycle
     * runs it on a thread of its own ({@code schedule-sync}). It sees a stop within one blocking read.
     */
    public Loop follower(StreamEntryID from, PollScheduler scheduler) {
        return stop -> run(stop, from, scheduler);
    }

    private void run(StopSignal stop, StreamEntryID from, PollScheduler scheduler) throws InterruptedException {
        StreamEntryID last = from;
        while (!stop.requested()) {
            try {
                List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(
                        XReadParams.xReadParams().block(BLOCK_MILLIS).count(500), Map.of(stream, last));
                if (read == null) {
                    continue;
                }
                for (Map.Entry<String, List<StreamEntry>> batch : read) {
                    for (StreamEntry entry : batch.getValue()) {
                        apply(Long.parseLong(entry.getFields().get("instance")), scheduler);
                        last = entry.getID();
                    }
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
