package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's API: creates organizations and their users, authenticated by {@code Authorization: Bearer
 * <API_ADMIN_TOKEN>}. Each answer carries the new secret once; we keep only its hash.
 */
public final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final int MAX_NAME = 200;

    private final Accounts accounts;
    private final String adminToken;
    private final int maxRequestBytes;

    /** @param adminToken {@code null} disables the admin API (every call is a 403 saying how to enable it) */
    public AdminApi(ApiAccess access, String adminToken, int maxRequestBytes) {
        this.accounts = access.accounts();
        this.adminToken = adminToken;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void mount(Javalin app) {
        app.post("/organizations", ctx -> {
            requireAdmin(ctx);
            String name = text(ApiErrors.jsonBody(ctx, maxRequestBytes), "name");
            Map<String, Object> organization = accounts.createOrganization(name);
            log.info("organization {} created", organization.get("id"));
            ctx.status(201).json(organization);
        });
        app.post("/organizations/{id}/users", ctx -> {
            requireAdmin(ctx);
            String email = text(ApiErrors.jsonBody(ctx, maxRequestBytes), "email");
            Map<String, Object> user = accounts.createUser(ctx.pathParam("id"), email);
            log.info("user {} of organization {} created", user.get("id"), user.get("organizationId"));
            ctx.status(201).json(user);
        });
    }

    private void requireAdmin(Context ctx) {
        if (adminToken == null) {
            throw new ApiException(403, "Authorization", "the admin API is disabled: set API_ADMIN_TOKEN to enable it");
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (!Secrets.same(presented, adminToken)) {
            throw new ApiException(401, "Authorization", "send Authorization: Bearer <API_ADMIN_TOKEN>");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.isObject() ? body.get(field) : null;
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_NAME) {
            throw ValidationException.of(field, "is required: a string of 1.." + MAX_NAME + " characters");
        }
        return node.asText().trim();
    }
}
