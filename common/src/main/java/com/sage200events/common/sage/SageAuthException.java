package com.sage200events.common.sage;

/** Sage ID refused a code or a refresh token: retrying will not help, the user must authorize again. */
public class SageAuthException extends RuntimeException {

    public SageAuthException(String message) {
        super(message);
    }
}
