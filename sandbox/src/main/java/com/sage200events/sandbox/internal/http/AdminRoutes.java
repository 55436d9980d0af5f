package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.internal.SandboxState;
import com.sage200events.sandbox.internal.store.StoredRecord;
import com.sage200events.sandbox.internal.store.WriteMode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * Test controls under {@code /_sandbox}, outside the Sage surface and without auth. Records written
 * here get the same ids and stamps as those written through Sage's API.
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
        router.get(PREFIX + "/resources/{resource}", ctx ->
                Responses.records(ctx, state.requireStore(ctx.pathParam("resource")).snapshot()));
        router.post(PREFIX + "/resources/{resource}", this::create);
        router.put(PREFIX + "/resources/{resource}/{id}", this::update);
        router.get(PREFIX + "/requests", ctx -> Responses.json(ctx, 200, state.requests().snapshot()));
        router.delete(PREFIX + "/requests", ctx -> {
            state.requests().clear();
            Responses.empty(ctx, 204);
        });
        router.post(PREFIX + "/tokens/expire", ctx -> {
            state.tokens().expireAccessTokens();
            Responses.empty(ctx, 204);
        });
    }

    private void create(Context ctx) {
        StoredRecord record = state.create(ctx.pathParam("resource"), SageApiRoutes.body(ctx), WriteMode.ADMIN);
        Responses.record(ctx, 201, record);
    }

    private void update(Context ctx) {
        StoredRecord record = state.update(ctx.pathParam("resource"), SageApiRoutes.id(ctx), SageApiRoutes.body(ctx), WriteMode.ADMIN);
        Responses.record(ctx, 200, record);
    }
}
