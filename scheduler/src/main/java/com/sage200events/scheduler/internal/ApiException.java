package com.sage200events.scheduler.internal;

/**
 * An API answer other than success, with a message safe to show the caller and, when one is to blame, the
 * field (path, query or header name) the caller should look at.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    ApiException(int status, String message) {
        this(status, null, message);
    }

    ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    /** The field to blame, or {@code null}. */
    String field() {
        return field;
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    static ApiException notFound(String what, String field) {
        return new ApiException(404, field, what + " not found");
    }

    static ApiException unauthorized() {
        return new ApiException(401, "Authorization",
                "missing or wrong credentials: send Authorization: User <secret>, Organization <secret>");
    }
}
