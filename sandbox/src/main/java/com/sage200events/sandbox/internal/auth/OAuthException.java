package com.sage200events.sandbox.internal.auth;

/**
 * A refusal by the token or authorize endpoint, in RFC 6749's shape:
 * {@code {"error": "invalid_grant", "error_description": "..."}}.
 */
public final class OAuthException extends RuntimeException {

    private final int status;
    private final String error;

    public OAuthException(int status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    static OAuthException invalidGrant(String description) {
        return new OAuthException(400, "invalid_grant", description);
    }

    static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
