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

    public String status(long id, String resource) {
        return prefix + "status:" + tag(id, resource);
    }

    public String delivery(String notificationId) {
        return prefix + "delivery:" + notificationId;
    }

    public String instanceDeliveries(long id) {
        return prefix + "deliveries:{" + id + "}";
    }

    private static String tag(long id, String resource) {
        return "{" + id + ":" + resource + "}";
    }
}
