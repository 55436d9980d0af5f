package com.sage200events.common.sage;

import java.time.Duration;
import java.util.Optional;

/**
 * A Sage 200 call that failed in an expected way: throttled, unavailable, slow, or answered with a body we
 * cannot read. The poll is abandoned and the cursor stays where it was; the next slot retries.
 */
public class SageCallException extends Exception {

    /** What kind of failure, for status, metrics and back-off. */
    public enum Kind { UNAUTHORIZED, THROTTLED, UNAVAILABLE, TIMEOUT, MALFORMED, REJECTED, NOT_AUTHORIZED,
        /** The instance's configuration names something Sage does not have (a company): the user must fix it. */
        CONFIGURATION }

    private final Kind kind;
    private final transient Duration retryAfter;

    public SageCallException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public SageCallException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
