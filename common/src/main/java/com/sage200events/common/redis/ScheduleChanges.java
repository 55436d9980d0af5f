package com.sage200events.common.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The stream through which scheduler replicas tell each other that an instance's schedule changed (created,
 * patched, deleted). Entries carry only an instance id; the instance in Redis is the truth. Positions are the
 * stream's entry ids ({@code 1700000000000-0}), opaque to callers.
 */
public final class ScheduleChanges {

    /** Far more changes than a replica can fall behind by in one read; the stream stays small. */
    private static final long MAX_LENGTH = 10_000;
    private static final String INSTANCE = "instance";

    private final JedisPooled redis;
    private final String stream;

    ScheduleChanges(JedisPooled redis, RedisKeys keys) {
        this.redis = redis;
        this.stream = keys.prefix() + "schedule-changes";
    }

    /** Tells every replica (the caller's included) to re-read the instance's schedule. */
    public void announce(long instanceId) {
        redis.xadd(stream, XAddParams.xAddParams().maxLen(MAX_LENGTH).approximateTrimming(), Map.of(INSTANCE, Long.toString(instanceId)));
    }

    /** Where the stream ends now: following from here, after loading every instance, misses nothing in between. */
    public String position() {
        List<StreamEntry> newest = redis.xrevrange(stream, "+", "-", 1);
        return (newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID()).toString();
    }

    /**
     * The changes after {@code position}, waiting up to {@code block} for one; empty when none came.
     *
     * @param max at most this many
     */
    public List<Change> after(String position, Duration block, int max) {
        List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(
                XReadParams.xReadParams().block((int) block.toMillis()).count(max), Map.of(stream, new StreamEntryID(position)));
        List<Change> changes = new ArrayList<>();
        if (read != null) {
            for (Map.Entry<String, List<StreamEntry>> batch : read) {
                for (StreamEntry entry : batch.getValue()) {
                    changes.add(new Change(entry.getID().toString(), Long.parseLong(entry.getFields().get(INSTANCE))));
                }
            }
        }
        return changes;
    }

    /** One announced change: its stream position and the instance it names. */
    public record Change(String position, long instanceId) {
    }
}
