package com.sage200events.common.redis;

/**
 * Every Redis key we use. Keys that one script or transaction touches together share a hash tag
 * ({@code {42:customers}}) so the same code runs on Redis Cluster; the prefix separates deployments and tests.
 */
public record RedisKeys(String prefix) {

    public RedisKeys {
        prefix = prefix == null ? "" : prefix;
    }

    public String instance(long id) {
        return prefix + "instance:{" + id + "}";
    }

    public String instanceIds() {
        return prefix + "instances";
    }

    public String instanceSequence() {
        return prefix + "instance-seq";
    }

    public String instanceByToken(String tokenHash) {
        return prefix + "instance-token:" + tokenHash;
    }

    public String oauthState(String state) {
        return prefix + "oauth-state:" + state;
    }

    public String sageTokens(long id) {
        return prefix + "sage-tokens:{" + id + "}";
    }

    public String sageTokenRefreshLock(long id) {
        return prefix + "sage-tokens-lock:{" + id + "}";
    }

    public String cursor(long id, String resource) {
        return prefix + "cursor:" + tag(id, resource);
    }

    public String seen(long id, String resource) {
        return prefix + "seen:" + tag(id, resource);
    }

    public String lease(long id, String resource) {
        return prefix + "lease:" + tag(id, resource);
    }

    /** The claim of one schedule slot of one resource: whoever sets it publishes that slot. */
    public String slot(long id, String resource, long slotMillis) {
        return prefix + "slot:" + tag(id, resource) + ":" + slotMillis;
    }

    /** Set while a scheduled poll task of the resource waits or runs, so the scheduler does not pile up slots. */
    public String pending(long id, String resource) {
        return prefix + "pending:" + tag(id, resource);
    }

    /**
     * One part of what the delete reconciliation of a resource keeps ({@code ids}, {@code ids-next}, {@code records},
     * {@code records-order}, {@code meta}); all share the resource's hash tag, as its scripts touch them together.
     */
    public String knownIds(long id, String resource, String part) {
        return prefix + "known-" + part + ":" + tag(id, resource);
    }

    public String status(long id, String resource) {
        return prefix + "status:" + tag(id, resource);
    }

    public String delivery(String notificationId) {
        return prefix + "delivery:" + notificationId;
    }

    public String instanceDeliveries(long id) {
        return prefix + "deliveries:{" + id + "}";
    }

    /** The newest notifications of an instance, scored by first receipt (a sorted set, so re-adding is a no-op). */
    public String recentDeliveries(long id) {
        return prefix + "deliveries-recent:{" + id + "}";
    }

    /** The payloads of an instance's recent notifications, by message id; shares the recent set's hash tag. */
    public String deliveryPayloads(long id) {
        return prefix + "deliveries-payload:{" + id + "}";
    }

    public String deliveryAttempts(String notificationId) {
        return prefix + "delivery-attempts:" + notificationId;
    }

    /** A parked notification's payload, kept so the API can redeliver it. */
    public String parkedNotification(String notificationId) {
        return prefix + "parked:" + notificationId;
    }

    /** Marks one event id as delivered, so re-polls and restarts do not reach the user twice. */
    public String deliveredEvent(String eventId) {
        return prefix + "delivered:" + eventId;
    }

    /** One shard of the retry delay queue; its entries share the shard's hash tag (one Lua script claims both). */
    public String retryQueue(int shard) {
        return prefix + "retry-queue:{r" + shard + "}";
    }

    public String retryEntry(int shard, String notificationId) {
        return prefix + "retry-entry:{r" + shard + "}:" + notificationId;
    }

    /** The Standard Webhooks signing secret(s) of an instance. */
    public String webhookSecret(long id) {
        return prefix + "webhook-secret:{" + id + "}";
    }

    /** A dashboard sign-in session (organization and CSRF token), by its random cookie value. */
    public String uiSession(String sessionId) {
        return prefix + "ui-session:" + sessionId;
    }

    private static String tag(long id, String resource) {
        return "{" + id + ":" + resource + "}";
    }
}
