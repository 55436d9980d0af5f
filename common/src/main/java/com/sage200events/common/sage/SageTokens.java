package com.sage200events.common.sage;

import java.time.Instant;

/** An access token, the refresh token that renews it, and when the access token expires. */
public record SageTokens(String accessToken, String refreshToken, Instant expiresAt) {

    /** Masked, so a token pair can never reach a log line by accident. */
    @Override
    public String toString() {
        return "SageTokens[expiresAt=" + expiresAt + "]";
    }
}
