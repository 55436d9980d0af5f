package com.sage200events.scheduler.internal;

import com.sage200events.common.redis.AuthorizationStates;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.common.sage.SageTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The three ways an instance gets Sage tokens (DESIGN.md §3): an authorization code in
 * {@code providerData.code}, a refresh token in the configuration, or a redirect through Sage's authorize
 * page whose {@code state} we issue and check.
 */
public final class AuthorizationFlow {

    private static final Duration STATE_TTL = Duration.ofHours(1);

    private final AuthorizationStates states;
    private final SageEndpoints endpoints;
    private final SageIdClient sageId;
    private final SageTokenStore tokens;
    private final String callbackUrl;

    public AuthorizationFlow(RedisStores redis, SageEndpoints endpoints, SageIdClient sageId, String publicBaseUrl) {
        this.states = redis.authorizationStates();
        this.endpoints = endpoints;
        this.sageId = sageId;
        this.tokens = redis.sageTokens();
        this.callbackUrl = publicBaseUrl + "/elements/sage200/oauth/callback";
    }

    /** Where Sage sends the user back: the instance's {@code oauth.callback.url} or our own callback. */
    String redirectUri(InstanceSettings settings) {
        return settings.oauthCallbackUrl().orElse(callbackUrl);
    }

    String ourCallbackUrl() {
        return callbackUrl;
    }

    void exchangeCode(long instanceId, InstanceSettings settings, String code, String redirectUri) throws IOException {
        tokens.save(instanceId, sageId.exchangeCode(settings.oauthApiKey(), settings.oauthApiSecret(), code, redirectUri));
    }

    void useRefreshToken(long instanceId, InstanceSettings settings, String refreshToken) throws IOException {
        SageTokens fresh = sageId.refresh(settings.oauthApiKey(), settings.oauthApiSecret(), refreshToken);
        tokens.save(instanceId, fresh);
    }

    /** Issues a one-time {@code state} bound to the instance and returns Sage's authorize URL. */
    String authorizationUrl(long instanceId, InstanceSettings settings) {
        String state = Secrets.newToken();
        states.issue(state, instanceId, STATE_TTL);
        return endpoints.authorizeUrl(settings.oauthApiKey(), callbackUrl, state);
    }

    /** Sage's authorize URL for a client, redirect URI and state of the caller's choosing (a UI's own flow). */
    String authorizeUrl(String clientId, String redirectUri, String state) {
        return endpoints.authorizeUrl(clientId, redirectUri, state);
    }

    /** Consumes a {@code state}: the instance it was issued for, once. */
    Optional<Long> consumeState(String state) {
        return states.consume(state);
    }

    void forget(long instanceId) {
        tokens.delete(instanceId);
    }
}
