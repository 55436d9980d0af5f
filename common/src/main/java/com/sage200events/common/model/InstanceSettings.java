package com.sage200events.common.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The typed, validated view of an instance's {@code configuration} object. The raw object is what we store
 * (so unknown keys survive a round trip); this view is derived from it by {@link InstanceValidator}.
 */
public record InstanceSettings(
        String oauthApiKey,
        String oauthApiSecret,
        String subscriptionKey,
        String signingKey,
        String companyName,
        Optional<String> oauthCallbackUrl,
        Optional<String> oauthRefreshToken,
        boolean eventsEnabled,
        Optional<String> callbackUrl,
        Optional<String> basicUsername,
        Optional<String> basicPassword,
        Optional<String> signatureKey,
        Duration refreshInterval,
        Map<String, ResourcePoller> pollers) {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(15);

    public InstanceSettings {
        pollers = Map.copyOf(pollers);
    }
}
