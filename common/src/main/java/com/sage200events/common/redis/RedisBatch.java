package com.sage200events.common.redis;

import redis.clients.jedis.AbstractPipeline;

/**
 * Writes from several stores sent to Redis in one round trip (a pipeline, not a transaction: each store keeps
 * its own invariants with scripts). The dispatcher records a whole batch of delivery outcomes this way.
 * Use it in try-with-resources and call {@link #send()}; closing without sending discards nothing already sent.
 */
public final class RedisBatch implements AutoCloseable {

    private final AbstractPipeline pipeline;

    RedisBatch(AbstractPipeline pipeline) {
        this.pipeline = pipeline;
    }

    AbstractPipeline pipeline() {
        return pipeline;
    }

    /** Sends every queued write and waits for the replies. */
    public void send() {
        pipeline.sync();
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
