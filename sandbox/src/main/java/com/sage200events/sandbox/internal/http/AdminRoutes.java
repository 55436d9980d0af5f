package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.SeedResult;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageTime;
import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data half of the admin API under {@code /_sandbox}: records, bulk seeding, the request log, tokens
 * and Sage's clock. Outside the Sage surface and without auth. Records written here get the same ids and
 * stamps as those written through Sage's API. (Faults, hooks and activity: {@link AdminControlRoutes}.)
 */
final class AdminRoutes {

    static final String PREFIX = "/_sandbox";

    private final SandboxState state;

    AdminRoutes(SandboxState state) {
        this.state = state;
    }

    void register(JavalinDefaultRouting router) {
        router.post(PREFIX + "/reset", ctx -> {
            state.reset();
            Responses.empty(ctx, 204);
        });
        router.get(PREFIX + "/resources", this::counts);
        router.get(PREFIX + "/resources/{resource}", ctx ->
                Responses.records(ctx, state.requireStore(ctx.pathParam("resource")).snapshot()));
        router.post(PREFIX + "/resources/{resource}", this::create);
        router.post(PREFIX + "/resources/{resource}/seed", this::seed);
        router.put(PREFIX + "/resources/{resource}/{id}", this::update);
        router.delete(PREFIX + "/resources/{resource}/{id}", ctx -> {
            state.delete(ctx.pathParam("resource"), SageApiRoutes.id(ctx));
            Responses.empty(ctx, 204);
        });
        router.post(PREFIX + "/resources/{resource}/{id}/restore", ctx ->
                Responses.record(ctx, 200, state.restore(ctx.pathParam("resource"), SageApiRoutes.id(ctx))));
        router.get(PREFIX + "/requests", ctx -> Responses.json(ctx, 200, state.requests().snapshot()));
        router.delete(PREFIX + "/requests", ctx -> {
            state.requests().clear();
            Responses.empty(ctx, 204);
        });
        router.post(PREFIX + "/tokens/expire", ctx -> {
            state.tokens().expireAccessTokens();
            Responses.empty(ctx, 204);
        });
        router.get(PREFIX + "/clock", ctx -> Responses.json(ctx, 200, clock()));
        router.put(PREFIX + "/clock", this::setClock);
    }

    private void counts(Context ctx) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String resource : state.resources()) {
            counts.put(resource, state.requireStore(resource).size());
        }
        Responses.json(ctx, 200, counts);
    }

    private void create(Context ctx) {
        StoredRecord record = state.create(ctx.pathParam("resource"), SageApiRoutes.body(ctx), WriteMode.ADMIN);
        Responses.record(ctx, 201, record);
    }

    private void update(Context ctx) {
        StoredRecord record = state.update(ctx.pathParam("resource"), SageApiRoutes.id(ctx), SageApiRoutes.body(ctx), WriteMode.ADMIN);
        Responses.record(ctx, 200, record);
    }

    private void seed(Context ctx) {
        SeedResult result = state.seed(AdminJson.seed(ctx.pathParam("resource"), SageApiRoutes.body(ctx)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource", result.resource());
        json.put("created", result.created());
        json.put("first_id", result.firstId());
        json.put("last_id", result.lastId());
        Responses.json(ctx, 201, json);
    }

    /** {@code {"offset_seconds": -180}} or {@code {"offset_ms": -180000}}: how far Sage's clock runs from ours. */
    private void setClock(Context ctx) {
        Map<String, Object> body = SageApiRoutes.body(ctx);
        Object seconds = body.get("offset_seconds");
        Object millis = body.get("offset_ms");
        if (body.size() != 1 || !(seconds instanceof Number || millis instanceof Number)) {
            throw ApiError.badRequest("Send exactly one of offset_seconds or offset_ms, a number.");
        }
        Duration offset = seconds instanceof Number s ? Duration.ofMillis(Math.round(s.doubleValue() * 1000))
                : Duration.ofMillis(((Number) millis).longValue());
        state.sageClock().setOffset(offset);
        Responses.json(ctx, 200, clock());
    }

    private Map<String, Object> clock() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("now", SageTime.format(state.now()));
        json.put("offset_ms", state.sageClock().offset().toMillis());
        json.put("offset_seconds", state.sageClock().offset().toMillis() / 1000.0);
        return json;
    }
}
