package com.sage200events.sandbox.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A fault that replaces the whole answer. Thrown from the fault filter, so the route never runs, and
 * written by the server's exception mapper.
 */
final class InjectedFault extends RuntimeException {

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;

    InjectedFault(int status, String contentType, String body, Map<String, String> headers) {
        super("injected " + status, null, false, false);
        this.status = status;
        this.contentType = contentType;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.headers = Map.copyOf(headers);
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    byte[] body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }
}
