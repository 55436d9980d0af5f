package com.sage200events.common.redis;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The one handle a service holds on Redis: a pooled connection plus the key prefix. Every typed store is made
 * from it, and only the stores (this package) know a key or a hash field (DESIGN.md §7, "one owner for every
 * piece of state"; an ArchUnit rule keeps Jedis inside {@code common.redis}). Thread-safe; close it once, when
 * the service stops.
 */
public final class RedisStores implements AutoCloseable {

    private final JedisPooled jedis;
    private final RedisKeys keys;
    private final boolean owned;

    private RedisStores(JedisPooled jedis, RedisKeys keys, boolean owned) {
        this.jedis = jedis;
        this.keys = keys;
        this.owned = owned;
    }

    /**
     * Opens a pool on {@code redis://[user:password@]host:port[/db]}; {@code keyPrefix} separates deployments.
     *
     * @throws IllegalArgumentException when the URL cannot be read
     */
    public static RedisStores connect(String redisUrl, String keyPrefix) {
        return new RedisStores(RedisClients.pooled(redisUrl), new RedisKeys(keyPrefix), true);
    }

    /** Over a pool the caller owns and closes (tests and benches that inspect Redis themselves). */
    public static RedisStores wrap(JedisPooled jedis, RedisKeys keys) {
        return new RedisStores(jedis, keys, false);
    }

    /** True when Redis answers a PING now; false (never an exception) when it cannot be reached. */
    public boolean ping() {
        try {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Fails fast at start-up: returns when Redis answers a PING.
     *
     * @throws IllegalStateException naming the cause when it cannot be reached
     */
    public void requireReachable() {
        try {
            jedis.ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis cannot be reached: " + e.getMessage(), e);
        }
    }

    /** True when {@code failure} (or a cause of it) says Redis could not be reached, as opposed to a bug or bad data. */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JedisConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** A batch of writes sent in one round trip; stores that take part accept it in their write methods. */
    public RedisBatch batch() {
        return new RedisBatch(jedis.pipelined());
    }

    public InstanceRepository instances() {
        return new InstanceRepository(jedis, keys);
    }

    public SageTokenStore sageTokens() {
        return new SageTokenStore(jedis, keys);
    }

    public CursorStore cursors() {
        return new CursorStore(jedis, keys);
    }

    public PollStatusStore pollStatus() {
        return new PollStatusStore(jedis, keys);
    }

    public PollLeases leases() {
        return new PollLeases(jedis, keys);
    }

    /** What the delete reconciliation of one (instance, resource) keeps: known ids and last delivered versions. */
    public KnownIds knownIds(long instanceId, String resource) {
        return new KnownIds(jedis, keys, instanceId, resource);
    }

    public SlotClaims slots() {
        return new SlotClaims(jedis, keys);
    }

    public ResourceStates resources() {
        return new ResourceStates(jedis, keys);
    }

    public ScheduleChanges scheduleChanges() {
        return new ScheduleChanges(jedis, keys);
    }

    public DeliveryLog deliveryLog() {
        return new DeliveryLog(jedis, keys);
    }

    public DeliveryMarks deliveryMarks() {
        return new DeliveryMarks(jedis, keys);
    }

    public RetryQueue retryQueue() {
        return new RetryQueue(jedis, keys);
    }

    public Redeliveries redeliveries() {
        return new Redeliveries(jedis, keys);
    }

    public WebhookSecrets webhookSecrets() {
        return new WebhookSecrets(jedis, keys);
    }

    public AccountStore accounts() {
        return new AccountStore(jedis, keys);
    }

    public AuthorizationStates authorizationStates() {
        return new AuthorizationStates(jedis, keys);
    }

    public UiSessionStore uiSessions() {
        return new UiSessionStore(jedis, keys);
    }

    @Override
    public void close() {
        if (owned) {
            jedis.close();
        }
    }
}
