package com.sage200events.dispatcher.internal;

import com.sage200events.common.model.CallableUrl;
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
     * An instance as delivery needs it; {@code settings} null when the instance is gone or unreadable, and then
     * {@code unreadable} says why for the latter (null: gone). The callback URL is parsed here, once per load rather
     * than once per delivery: {@code callbackUrl} and {@code endpointKey} ({@link EndpointGate#keyOf}) are null when
     * there is none or no client could send to it.
     */
    record Entry(InstanceSettings settings, String unreadable, List<String> webhookSecrets, long loadedAtNanos, URI callbackUrl,
                 String endpointKey) {

        /** Why no client can call the callback URL ({@link CallableUrl}), when it is set but {@code callbackUrl} is null. */
        String callbackUrlRefusal() {
            return settings == null ? null : settings.callbackUrl().flatMap(CallableUrl::refusal).orElse(null);
        }
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
        String unreadable = null;
        if (instance.isPresent()) {
            try {
                settings = instance.get().settings();
            } catch (RuntimeException e) {
                // A stored instance the validator no longer accepts (a rule tightened since it was saved): send
                // nothing rather than guess, and park its notifications until it is fixed.
                unreadable = e.getMessage();
                log.error("instance {} cannot be read ({}); its notifications are parked until it is corrected", id, unreadable);
            }
        }
        List<String> signing = settings == null ? List.of() : secrets.signing(id, clock.instant());
        URI url = settings == null ? null : settings.callbackUrl().map(InstanceCache::uriOrNull).orElse(null);
        return new Entry(settings, unreadable, signing, System.nanoTime(), url, url == null ? null : EndpointGate.keyOf(url));
    }

    /** The URL if a client can call it ({@link CallableUrl}); the API refuses others, but one may be stored from before. */
    private static URI uriOrNull(String url) {
        return CallableUrl.refusal(url).isPresent() ? null : URI.create(url);
    }
}
