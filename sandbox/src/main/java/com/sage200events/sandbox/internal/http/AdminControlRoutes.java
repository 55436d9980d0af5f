package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SandboxState;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control half of the admin API: faults ({@code /_sandbox/faults}), page hooks
 * ({@code /_sandbox/hooks}), background activity ({@code /_sandbox/activity}) and the change log
 * ({@code /_sandbox/changes}).
 */
final class AdminControlRoutes {

    private static final String PREFIX = AdminRoutes.PREFIX;

    private final SandboxState state;

    AdminControlRoutes(SandboxState state) {
        this.state = state;
    }

    void register(JavalinDefaultRouting router) {
        router.get(PREFIX + "/faults", ctx -> Responses.json(ctx, 200, state.faults().list().stream().map(AdminJson::fault).toList()));
        router.post(PREFIX + "/faults", ctx -> {
            String id = state.faults().add(AdminJson.fault(SageApiRoutes.body(ctx)));
            Responses.json(ctx, 201, state.faults().list().stream().filter(f -> f.id().equals(id))
                    .map(AdminJson::fault).findFirst().orElseThrow());
        });
        router.delete(PREFIX + "/faults", ctx -> {
            state.faults().clear();
            Responses.empty(ctx, 204);
        });
        router.delete(PREFIX + "/faults/{id}", ctx -> removed(ctx, state.faults().remove(ctx.pathParam("id")), "fault"));

        router.get(PREFIX + "/hooks", ctx -> Responses.json(ctx, 200, state.hooks().list().stream().map(AdminJson::hook).toList()));
        router.post(PREFIX + "/hooks", ctx -> {
            String id = state.addPageHook(AdminJson.hook(SageApiRoutes.body(ctx)));
            Responses.json(ctx, 201, state.hooks().list().stream().filter(h -> h.id().equals(id))
                    .map(AdminJson::hook).findFirst().orElseThrow());
        });
        router.delete(PREFIX + "/hooks", ctx -> {
            state.hooks().clear();
            Responses.empty(ctx, 204);
        });
        router.delete(PREFIX + "/hooks/{id}", ctx -> removed(ctx, state.hooks().remove(ctx.pathParam("id")), "hook"));

        router.get(PREFIX + "/activity", ctx -> Responses.json(ctx, 200, AdminJson.activity(state.activity().status())));
        router.post(PREFIX + "/activity", this::startActivity);
        router.delete(PREFIX + "/activity", ctx -> {
            state.activity().stop();
            Responses.json(ctx, 200, AdminJson.activity(state.activity().status()));
        });
        router.post(PREFIX + "/activity/run", this::runActivity);
        router.get(PREFIX + "/changes", this::changes);
    }

    /** {@code ?after=<seq>&limit=<n>} (defaults 0 and 1000, at most 10000): a page of the change log, oldest first. */
    private void changes(Context ctx) {
        long after = number(ctx, "after", 0, Long.MAX_VALUE);
        int limit = (int) number(ctx, "limit", 1_000, 10_000);
        List<Map<String, Object>> page = state.changes().after(after, limit).stream().map(c -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("seq", c.seq());
            change.put("resource", c.resource());
            change.put("id", c.id());
            change.put("updated", c.updated() == null ? null : c.updated().toString());
            change.put("at", c.at().toString());
            return change;
        }).toList();
        Responses.json(ctx, 200, Map.of("changes", page, "lastSeq", state.changes().lastSeq()));
    }

    private static long number(Context ctx, String name, long absent, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, naming the parameter
        }
        throw ApiError.badRequest(name + " must be a whole number within 0.." + max);
    }

    private void startActivity(Context ctx) {
        ActivityConfig config = AdminJson.activity(bodyOrEmpty(ctx));
        try {
            state.activity().start(config);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Responses.json(ctx, 200, AdminJson.activity(state.activity().status()));
    }

    /** {@code {"operations": 100, ...activity settings}}: that many operations now, before the answer. */
    private void runActivity(Context ctx) {
        Map<String, Object> body = bodyOrEmpty(ctx);
        Object operations = body.get("operations");
        if (!(operations instanceof Integer n) || n < 1 || n > 1_000_000) {
            throw ApiError.badRequest("operations must be a whole number within 1..1000000");
        }
        ActivityConfig config = AdminJson.activity(body);
        try {
            Responses.json(ctx, 200, Map.of("operations", state.activity().runNow(config, n)));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static Map<String, Object> bodyOrEmpty(Context ctx) {
        return ctx.body().isBlank() ? Map.of() : SageApiRoutes.body(ctx);
    }

    private static void removed(Context ctx, boolean removed, String what) {
        if (!removed) {
            throw ApiError.notFound("No " + what + " with id '" + ctx.pathParam("id") + "'.");
        }
        Responses.empty(ctx, 204);
    }
}
