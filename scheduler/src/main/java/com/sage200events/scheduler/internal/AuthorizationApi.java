package com.sage200events.scheduler.internal;

import com.sage200events.common.model.CallableUrl;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.InstanceValidator;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.UrlSecrets;
import com.sage200events.common.model.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sage authorization over HTTP: the authorize URL a UI sends its user to (Cloud Elements'
 * {@code GET /elements/{key}/oauth/url}), a fresh URL for an existing instance, and the redirect back to us.
 */
public final class AuthorizationApi {

    private final InstanceService service;
    private final InstanceUpdates updates;
    private final AuthorizationFlow authorization;
    private final ApiAccess access;

    public AuthorizationApi(InstanceService service, InstanceUpdates updates, AuthorizationFlow authorization, ApiAccess access) {
        this.service = service;
        this.updates = updates;
        this.authorization = authorization;
        this.access = access;
    }

    public void mount(Javalin app) {
        app.get("/elements/sage200/oauth/url", this::oauthUrl);
        app.post("/instances/{id}/authorization", ctx -> ctx.json(updates.reauthorize(access.instance(ctx))));
        app.get("/elements/sage200/oauth/callback", this::callback);
    }

    /**
     * For a UI that runs the redirect itself: it sends its user to {@code oauthUrl}, receives the code at its own
     * {@code callbackUrl}, then creates the instance with {@code providerData.code} and {@code oauth.callback.url}.
     * {@code apiSecret} is accepted, as Cloud Elements clients send it, but not needed to build the URL.
     */
    private void oauthUrl(Context ctx) {
        access.organization(ctx);
        List<FieldError> errors = new ArrayList<>();
        String apiKey = ctx.queryParam("apiKey");
        String callbackUrl = ctx.queryParam("callbackUrl");
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > 2048) {
            errors.add(new FieldError("apiKey", "is required: your Sage ID client id (oauth.api.key)"));
        }
        if (callbackUrl == null || !isHttpUrl(callbackUrl)) {
            errors.add(new FieldError("callbackUrl", "is required: the absolute http(s) URL Sage sends the user back to"));
        } else {
            CallableUrl.refusal(callbackUrl).ifPresent(why -> errors.add(new FieldError("callbackUrl", why)));
            UrlSecrets.refusal(callbackUrl, "Sage sends the user's browser there; carry your own reference in state instead")
                    .ifPresent(why -> errors.add(new FieldError("callbackUrl", why)));
        }
        String state = ctx.queryParam("state");
        if (state != null && state.length() > 512) {
            errors.add(new FieldError("state", "must be at most 512 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String issued = state == null || state.isBlank() ? Secrets.newToken() : state;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("element", InstanceValidator.ELEMENT_KEY);
        view.put("oauthUrl", authorization.authorizeUrl(apiKey, callbackUrl, issued));
        view.put("state", issued);
        ctx.json(view);
    }

    /** Where Sage's authorize page sends the user back; the state names the instance, once. */
    private void callback(Context ctx) {
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        String error = ctx.queryParam("error");
        if (state == null || state.isBlank()) {
            throw ValidationException.of("state", "is required: use the authorizationUrl we gave you");
        }
        if (error != null) {
            // The user (or Sage) said no: the state is spent, the instance keeps its status until authorized again.
            long id = service.forgetState(state);
            throw ValidationException.of("error", "Sage did not grant access (" + abbreviate(error) + "); get a new URL with "
                    + "POST /instances/" + id + "/authorization and try again");
        }
        if (code == null || code.isBlank()) {
            throw ValidationException.of("code", "is required");
        }
        StoredInstance instance = service.completeAuthorization(state, code);
        ctx.json(Map.of("id", instance.id(), "status", instance.status().name(),
                "message", "Sage 200 access granted; polling starts on the next slot"));
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && url.length() <= 2048;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9_.-]", "");
        return safe.length() <= 40 ? safe : safe.substring(0, 40);
    }
}
