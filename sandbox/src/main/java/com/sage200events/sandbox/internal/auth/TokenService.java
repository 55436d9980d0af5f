package com.sage200events.sandbox.internal.auth;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sage ID's authorization-code flow in memory: codes, access tokens and rotating refresh tokens.
 *
 * <p>Quirks reproduced on purpose:
 * <ul>
 *   <li>A code works once and only for the client and redirect URI it was issued to.</li>
 *   <li>Refresh tokens rotate: each refresh returns a new one and the used one is dead. Presenting a
 *       dead one is treated as token theft, as Auth0 (behind Sage ID) does with reuse detection: the
 *       whole family, including its newest token, is revoked. Two workers refreshing concurrently
 *       therefore lock the instance out, which is what the pipeline's single-flight refresh is for.</li>
 *   <li>Refresh tokens are only issued when the scope asks for {@code offline_access}; a request that
 *       names no scope at all gets Sage's usual one, which includes it.</li>
 *   <li>Access tokens are opaque here (Sage's are JWTs; clients must not read them anyway) and expire
 *       after the configured lifetime on the sandbox's clock.</li>
 * </ul>
 */
public final class TokenService {

    public static final String DEFAULT_SCOPE = "openid profile email offline_access";
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** Past this many entries, dead ones are swept on the next issue so long benchmarks stay bounded. */
    private static final int SWEEP_THRESHOLD = 10_000;

    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

    public TokenService(Clock clock, Duration accessTokenLifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accessTokenLifetime = Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    }

    /** Approves at once, as the sandbox has no user to ask; returns the code to send back. */
    public String authorize(String clientId, String redirectUri, String scope) {
        requireText(clientId, "client_id");
        requireText(redirectUri, "redirect_uri");
        try {
            URI.create(redirectUri).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw OAuthException.invalidRequest("redirect_uri is not an absolute URL");
        }
        String code = randomToken(24);
        codes.put(code, new AuthorizationCode(clientId, redirectUri, scopeOrDefault(scope), clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    public TokenResponse exchangeCode(String code, String clientId, String clientSecret, String redirectUri) {
        requireClient(clientId, clientSecret);
        requireText(code, "code");
        requireText(redirectUri, "redirect_uri");
        AuthorizationCode issued = codes.remove(code); // remove-on-read is what makes a code single-use
        if (issued == null || issued.expiresAt().isBefore(clock.instant())) {
            throw OAuthException.invalidGrant("Invalid authorization code");
        }
        if (!issued.clientId().equals(clientId)) {
            throw OAuthException.invalidGrant("The authorization code was issued to another client");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            throw OAuthException.invalidGrant("redirect_uri does not match the one used to authorize");
        }
        return issue(clientId, issued.scope(), randomToken(12));
    }

    public synchronized TokenResponse refresh(String refreshToken, String clientId, String clientSecret) {
        requireClient(clientId, clientSecret);
        requireText(refreshToken, "refresh_token");
        RefreshToken presented = refreshTokens.get(refreshToken);
        if (presented == null || !presented.clientId().equals(clientId)) {
            throw OAuthException.invalidGrant("Unknown or invalid refresh token.");
        }
        if (!presented.active()) {
            revokeFamily(presented.family());
            throw OAuthException.invalidGrant("Unknown or invalid refresh token.");
        }
        refreshTokens.put(refreshToken, presented.used());
        return issue(clientId, presented.scope(), presented.family());
    }

    public boolean isValidAccessToken(String token) {
        Instant expiresAt = token == null ? null : accessTokens.get(token);
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    /** Every access token issued so far stops working; refresh tokens stay valid. */
    public void expireAccessTokens() {
        Instant now = clock.instant();
        accessTokens.replaceAll((token, expiresAt) -> now);
    }

    private TokenResponse issue(String clientId, String scope, String family) {
        sweepIfLarge();
        String access = randomToken(32);
        accessTokens.put(access, clock.instant().plus(accessTokenLifetime));
        String refresh = null;
        if (Arrays.asList(scope.split(" ")).contains("offline_access")) {
            refresh = randomToken(32);
            refreshTokens.put(refresh, new RefreshToken(clientId, scope, family, true));
        }
        return new TokenResponse(access, refresh, accessTokenLifetime.toSeconds(), "Bearer", scope);
    }

    private synchronized void revokeFamily(String family) {
        refreshTokens.replaceAll((token, rt) -> rt.family().equals(family) ? rt.used() : rt);
    }

    private void sweepIfLarge() {
        Instant now = clock.instant();
        if (accessTokens.size() > SWEEP_THRESHOLD) {
            accessTokens.values().removeIf(expiresAt -> !now.isBefore(expiresAt));
        }
        if (codes.size() > SWEEP_THRESHOLD) {
            codes.values().removeIf(code -> code.expiresAt().isBefore(now));
        }
        // Dead refresh tokens are kept a while longer: they are what reuse detection recognises.
        if (refreshTokens.size() > 5 * SWEEP_THRESHOLD) {
            refreshTokens.values().removeIf(rt -> !rt.active());
        }
    }

    private static String scopeOrDefault(String scope) {
        return scope == null || scope.isBlank() ? DEFAULT_SCOPE : scope.trim();
    }

    private static void requireClient(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new OAuthException(401, "invalid_client", "client_id and client_secret are required");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw OAuthException.invalidRequest("Missing required parameter: " + name);
        }
    }

    private String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private record AuthorizationCode(String clientId, String redirectUri, String scope, Instant expiresAt) {}

    /** @param family the chain of rotations this token belongs to, revoked together on reuse */
    private record RefreshToken(String clientId, String scope, String family, boolean active) {
        RefreshToken used() {
            return new RefreshToken(clientId, scope, family, false);
        }
    }
}
