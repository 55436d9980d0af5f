package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SandboxFault.Kind;
import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.faults.FaultRegistry.Decision;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Runs before every Sage route (API and Sage ID, never the admin API): draws the faults for the request,
 * waits out any latency, and either answers in the fault's place or leaves a mark for {@link Responses}
 * to spoil the body the route writes.
 */
final class FaultFilter {

    private static final String DECISION = "sandbox.fault";

    private final SandboxState state;

    FaultFilter(SandboxState state) {
        this.state = state;
    }

    void before(Context ctx) throws InterruptedException {
        String path = ctx.path();
        if (path.startsWith(AdminRoutes.PREFIX)) {
            return;
        }
        String relative = relative(path);
        boolean list = relative != null && ctx.method().name().equals("GET") && relative.lastIndexOf('/') == 0
                && relative.length() > 1;
        Decision decision = state.faults().decide(relative != null ? relative : path, list);
        if (decision.fault() == null && decision.latency().isZero()) {
            return;
        }
        ctx.attribute(DECISION, decision);
        if (!decision.latency().isZero()) {
            // Simulated slowness: this request's thread waits, as it would on a slow Sage.
            Thread.sleep(decision.latency().toMillis());
        }
        SandboxFault fault = decision.fault();
        if (fault == null) {
            return;
        }
        switch (fault.kind()) {
            case THROTTLE -> throw new InjectedFault(429, Responses.JSON, "{\"statusCode\": 429, \"message\": "
                    + "\"Rate limit is exceeded. Try again in " + fault.retryAfterSeconds() + " seconds.\"}",
                    Map.of("Retry-After", Integer.toString(fault.retryAfterSeconds())));
            case SERVER_ERROR -> throw serverError(fault.status());
            case HTML_PAGE -> throw new InjectedFault(fault.status(), "text/html; charset=utf-8", htmlPage(fault.status()), Map.of());
            case EXPIRE_TOKENS -> state.tokens().expireAccessTokens();
            default -> {
                // CUT_CONNECTION, TRUNCATED_JSON, VALUE_WRAPPER spoil the body the route writes (see Responses)
            }
        }
    }

    /** The fault decided for this request, if any. */
    static SandboxFault fault(Context ctx) {
        Decision decision = ctx.attribute(DECISION);
        return decision == null ? null : decision.fault();
    }

    /** What the request log records: the fault's name, "latency" when only latency applied, or empty. */
    static String describe(Context ctx) {
        Decision decision = ctx.attribute(DECISION);
        if (decision == null) {
            return "";
        }
        return decision.fault() != null ? decision.fault().kind().jsonName() : Kind.LATENCY.jsonName();
    }

    static boolean has(Context ctx, Kind kind) {
        Decision decision = ctx.attribute(DECISION);
        return decision != null && decision.is(kind);
    }

    /** The path below an API base path, or null for a path outside the API (Sage ID). */
    private static String relative(String path) {
        for (String base : SageApiRoutes.BASE_PATHS) {
            if (path.startsWith(base + "/")) {
                return path.substring(base.length());
            }
        }
        return null;
    }

    /** Sage's own failure is ASP.NET's JSON; the gateway's are API Management's. */
    private static InjectedFault serverError(int status) {
        String body = switch (status) {
            case 500 -> "{\"Message\": \"An error has occurred.\"}";
            case 502 -> "{\"statusCode\": 502, \"message\": \"Bad Gateway\"}";
            case 503 -> "{\"statusCode\": 503, \"message\": \"Service Unavailable\"}";
            default -> "{\"statusCode\": 504, \"message\": \"Gateway Timeout: the backend did not answer in time.\"}";
        };
        return new InjectedFault(status, Responses.JSON, body, Map.of());
    }

    private static String htmlPage(int status) {
        return "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1>"
                + "<p>The service is temporarily unable to handle your request (" + status + "). Please try again later.</p>"
                + "</body></html>\n";
    }
}
