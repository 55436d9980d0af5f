package com.sage200events.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A way for the sandbox to misbehave on purpose, on requests whose path matches {@code path}: for the
 * next {@code times} of them, or on a seeded random share of them. Start from a factory and refine:
 *
 * <pre>{@code
 * sage.addFault(SandboxFault.throttle("/customers", 30));               // the next list call: 429, Retry-After 30
 * sage.addFault(SandboxFault.serverError("/customers*", 504).times(3)); // the next 3 calls to customers: 504
 * sage.addFault(SandboxFault.latency("*", Duration.ofMillis(200)).rate(0.1, 7)); // 10% of calls, 200 ms slower
 * }</pre>
 *
 * @param path which requests: a path below the API base ({@code /customers}, {@code /customers/*}) or a
 *     Sage ID path ({@code /oauth/token}); {@code *} matches any characters, {@code *} alone every request
 * @param times how many matching requests it fires on before it is spent; 0 for no limit (until removed)
 * @param probability the chance it fires on each matching request, drawn from a generator seeded with
 *     {@code seed} so a run can be replayed; 1 fires every time
 * @param status the HTTP status of {@link Kind#SERVER_ERROR} (500, 502, 503, 504) and {@link Kind#HTML_PAGE}
 *     (any; 200 by default, an error page a proxy passed off as success); 429 for {@link Kind#THROTTLE}
 * @param latency how much slower {@link Kind#LATENCY} makes the answer (it then proceeds, or meets another fault)
 * @param retryAfterSeconds the {@code Retry-After} header of {@link Kind#THROTTLE}
 * @param every fires only on every {@code every}-th matching request (1: each one), the steady throttling of a
 *     shared API gateway; counted before the probability is drawn
 */
public record SandboxFault(Kind kind, String path, int times, double probability, long seed, int status, Duration latency,
                           int retryAfterSeconds, int every) {

    /** The ways Sage 200, its API gateway or the network between have been seen to fail. */
    public enum Kind {
        /** 429 with {@code Retry-After}, in API Management's JSON shape. */
        THROTTLE,
        /** 500 (Sage's {@code {"Message": …}}), 502, 503 or 504 (the gateway's; 504 when the on-premise tunnel is slow). */
        SERVER_ERROR,
        /** The answer comes {@code latency} later. */
        LATENCY,
        /** Headers and part of the body are sent, then the connection is closed. */
        CUT_CONNECTION,
        /** A complete response whose JSON body stops short. */
        TRUNCATED_JSON,
        /** An HTML error page instead of JSON. */
        HTML_PAGE,
        /** A list answered as OData's {@code {"value": [...]}} instead of Sage's bare array (lists only). */
        VALUE_WRAPPER,
        /** Every access token issued so far expires, so this request (and the next) get 401. */
        EXPIRE_TOKENS;

        /** The snake-case name the admin API uses, e.g. {@code server_error}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromJson(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("kind must be one of throttle, server_error, latency, cut_connection, "
                        + "truncated_json, html_page, value_wrapper, expire_tokens; was '" + name + "'");
            }
        }
    }

    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);
    private static final Duration MAX_LATENCY = Duration.ofMinutes(5);

    public SandboxFault {
        Objects.requireNonNull(kind, "kind");
        if (path == null || path.isBlank() || !(path.startsWith("/") || path.startsWith("*"))) {
            throw new IllegalArgumentException("path must start with '/' or '*', was '" + path + "'");
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative (0 means no limit), was " + times);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be within (0, 1], was " + probability);
        }
        Objects.requireNonNull(latency, "latency");
        switch (kind) {
            case THROTTLE -> status = 429;
            case SERVER_ERROR -> {
                if (!SERVER_ERRORS.contains(status)) {
                    throw new IllegalArgumentException("status of a server_error must be 500, 502, 503 or 504, was " + status);
                }
            }
            case HTML_PAGE -> {
                if (status < 200 || status > 599) {
                    throw new IllegalArgumentException("status of an html_page must be within 200..599, was " + status);
                }
            }
            default -> status = 0;
        }
        if (kind == Kind.LATENCY && (latency.isNegative() || latency.isZero() || latency.compareTo(MAX_LATENCY) > 0)) {
            throw new IllegalArgumentException("latency must be within (0, 5 minutes], was " + latency);
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative, was " + retryAfterSeconds);
        }
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1, was " + every);
        }
    }

    public static SandboxFault throttle(String path, int retryAfterSeconds) {
        return of(Kind.THROTTLE, path, 429, Duration.ZERO, retryAfterSeconds);
    }

    public static SandboxFault serverError(String path, int status) {
        return of(Kind.SERVER_ERROR, path, status, Duration.ZERO, 0);
    }

    public static SandboxFault latency(String path, Duration latency) {
        return of(Kind.LATENCY, path, 0, latency, 0);
    }

    public static SandboxFault cutConnection(String path) {
        return of(Kind.CUT_CONNECTION, path, 0, Duration.ZERO, 0);
    }

    public static SandboxFault truncatedJson(String path) {
        return of(Kind.TRUNCATED_JSON, path, 0, Duration.ZERO, 0);
    }

    /** An HTML page with status 200. */
    public static SandboxFault htmlPage(String path) {
        return htmlPage(path, 200);
    }

    public static SandboxFault htmlPage(String path, int status) {
        return of(Kind.HTML_PAGE, path, status, Duration.ZERO, 0);
    }

    public static SandboxFault valueWrapper(String path) {
        return of(Kind.VALUE_WRAPPER, path, 0, Duration.ZERO, 0);
    }

    public static SandboxFault expireTokens(String path) {
        return of(Kind.EXPIRE_TOKENS, path, 0, Duration.ZERO, 0);
    }

    /** Fires on the next {@code n} matching requests (0: every one, until removed). */
    public SandboxFault times(int n) {
        return new SandboxFault(kind, path, n, probability, seed, status, latency, retryAfterSeconds, every);
    }

    /** Fires on every matching request until removed. */
    public SandboxFault always() {
        return times(0);
    }

    /**
     * Fires on each matching request with {@code probability}, drawn from a generator seeded with
     * {@code seed}, with no limit on how often (follow with {@link #times} to set one).
     */
    public SandboxFault rate(double chance, long randomSeed) {
        return new SandboxFault(kind, path, 0, chance, randomSeed, status, latency, retryAfterSeconds, every);
    }

    /**
     * Fires on every {@code n}-th matching request (the n-th, 2n-th …) with no limit on how often: e.g.
     * {@code throttle("*", 1).everyNth(11)} throttles one request in eleven, whatever its path.
     */
    public SandboxFault everyNth(int n) {
        return new SandboxFault(kind, path, 0, 1.0, seed, status, latency, retryAfterSeconds, n);
    }

    private static SandboxFault of(Kind kind, String path, int status, Duration latency, int retryAfter) {
        return new SandboxFault(kind, path, 1, 1.0, 0, status, latency, retryAfter, 1);
    }
}
