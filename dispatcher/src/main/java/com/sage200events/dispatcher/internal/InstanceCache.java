package com.sage200events.dispatcher.internal;

import com.sage200events.common.delivery.WebhookSecrets;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Response;

/**
 * Instance settings and signing secrets for a few seconds, so a burst of one instance's events costs one
 * Redis read, not one per event. A PATCH (callback URL, enabled flag) or a secret rotation takes effect
 * within {@link #TTL}. Misses are loaded in the admitting thread's pipeline.
 */
final class InstanceCache {

    static final Duration TTL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(InstanceCache.class);

    /** An instance as delivery needs it; {@code settings} null when the instance is gone or unreadable. */
    record Entry(InstanceSettings settings, List<String> webhookSecrets, long loadedAtNanos) {
    }

    private final RedisKeys keys;
    private final Clock clock;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    InstanceCache(RedisKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Queues reads for the ids not cached (or stale) into {@code p}; call {@link Loads#apply()} after sync. */
    Loads load(PipeliningBase p, Collection<Long> instanceIds) {
        Map<Long, Response<String>> documents = new HashMap<>();
        Map<Long, Response<Map<String, String>>> secrets = new HashMap<>();
        long now = System.nanoTime();
        for (Long id : instanceIds) {
            Entry cached = entries.get(id);
            if ((cached == null || now - cached.loadedAtNanos() > TTL.toNanos()) && !documents.containsKey(id)) {
                documents.put(id, p.get(keys.instance(id)));
                secrets.put(id, p.hgetAll(keys.webhookSecret(id)));
            }
        }
        return () -> documents.forEach((id, document) -> entries.put(id, entry(id, document.get(), secrets.get(id).get())));
    }

    Entry get(long instanceId) {
        return entries.get(instanceId);
    }

    void invalidate(long instanceId) {
        entries.remove(instanceId);
    }

    private Entry entry(long id, String json, Map<String, String> secretFields) {
        InstanceSettings settings = null;
        if (json != null) {
            try {
                settings = Json.fromString(json, StoredInstance.class).settings();
            } catch (RuntimeException e) {
                // A stored instance the validator no longer accepts: deliver nothing rather than guess.
                log.error("instance {} cannot be read ({}); its events are not delivered", id, e.getMessage());
            }
        }
        return new Entry(settings, new ArrayList<>(WebhookSecrets.signing(secretFields, clock.instant())), System.nanoTime());
    }

    /** Applies loaded reads once their pipeline has been synced. */
    interface Loads {
        void apply();
    }
}
