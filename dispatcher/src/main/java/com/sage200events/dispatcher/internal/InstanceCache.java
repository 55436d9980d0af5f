package com.sage200events.dispatcher.internal;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.WebhookSecrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance settings and signing secrets for a few seconds, so a burst of one instance's events costs one
 * Redis read, not one per event. A PATCH (callback URL, enabled flag) or a secret rotation takes effect
 * within {@link #TTL}. Reads go through {@link InstanceRepository} and {@link WebhookSecrets}, which open
 * the secrets sealed at rest.
 */
final class InstanceCache {

    static final Duration TTL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(InstanceCache.class);

    /**
     * An instance as delivery needs it; {@code settings} null when the instance is gone or unreadable. The callback
     * URL is parsed here, once per load rather than once per delivery: {@code callbackUrl} and {@code endpointKey}
     * ({@link EndpointGate#keyOf}) are null when there is none or it is not a valid URI.
     */
    record Entry(InstanceSettings settings, List<String> webhookSecrets, long loadedAtNanos, URI callbackUrl, String endpointKey) {
    }

    private final InstanceRepository repository;
    private final WebhookSecrets secrets;
    private final Clock clock;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    InstanceCache(InstanceRepository repository, WebhookSecrets secrets, Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Loads the ids not cached, or cached longer than {@link #TTL}. */
    void load(Collection<Long> instanceIds) {
        long now = System.nanoTime();
        for (Long id : instanceIds) {
            Entry cached = entries.get(id);
            if (cached == null || now - cached.loadedAtNanos() > TTL.toNanos()) {
                entries.put(id, read(id));
            }
        }
    }

    Entry get(long instanceId) {
        return entries.get(instanceId);
    }

    void invalidate(long instanceId) {
        entries.remove(instanceId);
    }

    private Entry read(long id) {
        Optional<StoredInstance> instance = repository.find(id);
        InstanceSettings settings = null;
        if (instance.isPresent()) {
            try {
                settings = instance.get().settings();
            } catch (RuntimeException e) {
                // A stored instance the validator no longer accepts: deliver nothing rather than guess.
                log.error("instance {} cannot be read ({}); its events are not delivered", id, e.getMessage());
            }
        }
        List<String> signing = settings == null ? List.of() : secrets.signing(id, clock.instant());
        URI url = settings == null ? null : settings.callbackUrl().map(InstanceCache::uriOrNull).orElse(null);
        return new Entry(settings, signing, System.nanoTime(), url, url == null ? null : EndpointGate.keyOf(url));
    }

    private static URI uriOrNull(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
