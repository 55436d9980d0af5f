package com.sage200events.scheduler.internal;

import com.sage200events.common.model.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The HTTP face of {@link InstanceService} and {@link InstanceUpdates}: the instance routes. */
public final class InstancesApi {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    private final InstanceService service;
    private final InstanceUpdates updates;
    private final ApiAccess access;
    private final int maxRequestBytes;

    public InstancesApi(InstanceService service, InstanceUpdates updates, ApiAccess access, int maxRequestBytes) {
        this.service = service;
        this.updates = updates;
        this.access = access;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void mount(Javalin app) {
        app.post("/instances", ctx -> {
            String organization = access.organization(ctx);
            ctx.status(201).json(service.create(organization, ApiErrors.jsonBody(ctx, maxRequestBytes)));
        });
        app.get("/instances", this::list);
        app.get("/instances/{id}", ctx -> ctx.json(InstanceView.of(access.instance(ctx))));
        app.patch("/instances/{id}", ctx -> ctx.json(updates.patch(access.instance(ctx), ApiErrors.jsonBody(ctx, maxRequestBytes))));
        app.delete("/instances/{id}", ctx -> {
            service.delete(access.instance(ctx));
            ctx.status(200).json(Map.of("deleted", true));
        });
        app.put("/instances/{id}/enabled", ctx -> ctx.json(updates.setEventsEnabled(access.instance(ctx), true)));
        app.delete("/instances/{id}/enabled", ctx -> ctx.json(updates.setEventsEnabled(access.instance(ctx), false)));
        app.get("/instances/{id}/status", ctx -> ctx.json(service.status(access.instance(ctx))));
        app.post("/instances/{id}/events/poll", ctx -> {
            List<String> polled = service.pollNow(access.instance(ctx), ctx.queryParam("resource"));
            ctx.status(202).json(Map.of("polling", polled));
        });
    }

    /** A page of the organization's instances; the total and the next page travel in Cloud Elements' headers. */
    private void list(Context ctx) {
        String organization = access.organization(ctx);
        int page = queryInt(ctx, "page", 1, 1, 1_000_000);
        int pageSize = queryInt(ctx, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        InstanceService.Page result = service.list(organization, page, pageSize);
        ctx.header("Elements-Total-Count", Long.toString(result.total()));
        if ((long) page * pageSize < result.total()) {
            ctx.header("Elements-Next-Page-Token", Integer.toString(page + 1));
        }
        ctx.json(result.items());
    }

    private static int queryInt(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the bounds
        }
        throw ValidationException.of(name, "must be a whole number from " + min + " to " + max);
    }
}
