package com.sage200events.scheduler.internal;

/** An API answer other than success, with a message safe to show the caller. */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    static ApiException unauthorized() {
        return new ApiException(401, "missing or wrong credentials: send Authorization: User <secret>, Organization <secret>");
    }
}
