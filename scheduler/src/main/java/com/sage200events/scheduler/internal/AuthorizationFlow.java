package com.sage200events.scheduler.internal;

import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.redis.AuthorizationStates;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageAuthException;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.common.sage.SageTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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

    /**
     * Authorizes an instance with what a create or PATCH body carries: a {@code providerData.code} to exchange, else
     * a new {@code oauth.refresh.token} to use. Sage's tokens are stored; the instance record is the caller's.
     *
     * @return true when the body carried either and Sage accepted it; false when it carried neither
     * @throws ValidationException naming the field Sage refused
     * @throws ApiException 502 when Sage ID cannot be reached (nothing is saved; the user tries again)
     */
    boolean authorizeFromRequest(long instanceId, InstanceSettings settings, Optional<String> providerCode,
                                 Optional<String> newRefreshToken) {
        try {
            if (providerCode.isPresent()) {
                exchangeCode(instanceId, settings, providerCode.get(), redirectUri(settings));
                return true;
            }
            if (newRefreshToken.isPresent()) {
                useRefreshToken(instanceId, settings, newRefreshToken.get());
                return true;
            }
            return false;
        } catch (SageAuthException e) {
            String field = providerCode.isPresent() ? "providerData.code" : "configuration.oauth.refresh.token";
            throw new ValidationException(List.of(new FieldError(field, "Sage refused it: " + e.getMessage())));
        } catch (IOException e) {
            throw new ApiException(502, "cannot reach Sage ID to authorize the instance; nothing was saved, try again");
        }
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
