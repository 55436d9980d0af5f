package com.sage200events.common.redis;

/**
 * The right to poll one (instance, resource), held in Redis with a random fencing token ({@link PollLeases}).
 * Kafka keys keep a resource on one partition, but during a rebalance two workers can briefly both hold that
 * partition; the lease makes sure only one of them polls. Every cursor and status write checks the token, and
 * the status write that ends a poll releases the lease in the same script ({@link CursorStore},
 * {@link PollStatusStore}).
 */
public record PollLease(long instanceId, String resource, String token) {
}
