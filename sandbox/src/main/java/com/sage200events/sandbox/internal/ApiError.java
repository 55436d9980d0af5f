package com.sage200events.sandbox.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal with the status and body the real service would send. Thrown anywhere below a route;
 * the HTTP layer writes it out as is.
 *
 * @param body the JSON body, or {@code null} for an empty body
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final transient Object body;

    private ApiError(int status, String message, Object body) {
        super(message, null, false, false);
        this.status = status;
        this.body = body;
    }

    /** Sage's API behind APIM is ASP.NET Web API: its refusals are {@code {"Message": "..."}}. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message, Map.of("Message", message));
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message, Map.of("Message", message));
    }

    /** The admin API's refusal of a write that conflicts with the data (e.g. restoring an id that exists). */
    public static ApiError conflict(String message) {
        return new ApiError(409, message, Map.of("Message", message));
    }

    /** ASP.NET Web API's answer to a verb the resource does not offer. */
    public static ApiError methodNotAllowed(String method) {
        String message = "The requested resource does not support http method '" + method + "'.";
        return new ApiError(405, message, Map.of("Message", message));
    }

    /** A missing, unknown or expired bearer token: Sage answers 401 with no body at all. */
    public static ApiError unauthorizedEmpty() {
        return new ApiError(401, "bearer token missing, unknown or expired", null);
    }

    /** Azure API Management answers before Sage sees the request, in APIM's own error shape. */
    public static ApiError apim(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("message", message);
        return new ApiError(status, message, body);
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }
}
