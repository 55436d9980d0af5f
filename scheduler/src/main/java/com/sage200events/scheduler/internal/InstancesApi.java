package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP face of {@link InstanceService}: routes, credentials and error bodies. */
public final class InstancesApi {

    private static final Logger log = LoggerFactory.getLogger(InstancesApi.class);

    private final InstanceService service;
    private final ApiAccess access;

    public InstancesApi(InstanceService service, ApiAccess access) {
        this.service = service;
        this.access = access;
    }

    public void mount(Javalin app) {
        app.post("/instances", ctx -> ctx.status(201).json(service.create(access.organization(ctx), body(ctx))));
        app.get("/instances", ctx -> ctx.json(service.list(access.organization(ctx))));
        app.get("/instances/{id}", ctx -> ctx.json(InstanceView.of(access.instance(ctx))));
        app.delete("/instances/{id}", ctx -> {
            service.delete(access.instance(ctx));
            ctx.status(200).json(Map.of("deleted", true));
        });
        app.get("/instances/{id}/status", ctx -> ctx.json(service.status(access.instance(ctx))));
        app.post("/instances/{id}/events/poll", ctx -> {
            List<String> polled = service.pollNow(access.instance(ctx), ctx.queryParam("resource"));
            ctx.status(202).json(Map.of("polling", polled));
        });
        app.get("/elements/sage200/oauth/callback", this::oauthCallback);

        mountErrorHandlers(app);
    }

    /** One error shape for every route: {@code {"message": …, "errors": [{"field", "message"}]}}. */
    static void mountErrorHandlers(Javalin app) {
        app.exception(ValidationException.class, (e, ctx) -> ctx.status(400).json(errorBody(
                "invalid request: " + e.errors().size() + " field(s) to fix", e.errors())));
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(errorBody(e.getMessage(), List.of())));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(errorBody("internal error", List.of()));
        });
    }

    private void oauthCallback(Context ctx) {
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        if (state == null || code == null) {
            throw new ValidationException(List.of(new FieldError(state == null ? "state" : "code", "is required")));
        }
        StoredInstance instance = service.completeAuthorization(state, code);
        ctx.json(Map.of("id", instance.id(), "status", instance.status().name(),
                "message", "Sage 200 access granted; polling starts on the next slot"));
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw ValidationException.of("body", "is empty: send the instance JSON");
        }
        try {
            return Json.tree(text);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("body", "is not valid JSON");
        }
    }

    private static Map<String, Object> errorBody(String message, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("errors", errors);
        return body;
    }
}
