package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.internal.SageJson;
import com.sage200events.sandbox.internal.auth.OAuthException;
import com.sage200events.sandbox.internal.auth.TokenResponse;
import com.sage200events.sandbox.internal.auth.TokenService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRouting;
import io.javalin.security.BasicAuthCredentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Sage ID (id.sage.com): {@code GET /authorize} and {@code POST /oauth/token}. */
final class SageIdRoutes {

    private final TokenService tokens;

    SageIdRoutes(TokenService tokens) {
        this.tokens = tokens;
    }

    void register(JavalinDefaultRouting router) {
        router.get("/authorize", this::authorize);
        router.post("/oauth/token", this::token);
    }

    /**
     * Approves at once and redirects back with the code, so {@code curl -L} of an authorization URL
     * completes the flow. {@code audience} is accepted and ignored.
     */
    private void authorize(Context ctx) {
        String responseType = ctx.queryParam("response_type");
        if (responseType != null && !responseType.equals("code")) {
            throw new OAuthException(400, "unsupported_response_type", "Unsupported response type: " + responseType);
        }
        String redirectUri = ctx.queryParam("redirect_uri");
        String code = tokens.authorize(ctx.queryParam("client_id"), redirectUri, ctx.queryParam("scope"));
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(encode(code));
        String state = ctx.queryParam("state");
        if (state != null) {
            location.append("&state=").append(encode(state));
        }
        ctx.redirect(location.toString(), HttpStatus.FOUND);
    }

    private void token(Context ctx) {
        Map<String, String> form = params(ctx);
        BasicAuthCredentials basic = ctx.basicAuthCredentials();
        if (basic != null && form.get("client_id") == null) {
            // RFC 6749 §2.3.1 lets the client authenticate with HTTP Basic instead of form fields.
            form.put("client_id", basic.getUsername());
            form.put("client_secret", basic.getPassword());
        }
        String grantType = form.get("grant_type");
        TokenResponse response;
        if ("authorization_code".equals(grantType)) {
            response = tokens.exchangeCode(form.get("code"), form.get("client_id"), form.get("client_secret"), form.get("redirect_uri"));
        } else if ("refresh_token".equals(grantType)) {
            response = tokens.refresh(form.get("refresh_token"), form.get("client_id"), form.get("client_secret"));
        } else {
            throw new OAuthException(400, "unsupported_grant_type",
                    grantType == null ? "Missing required parameter: grant_type" : "Unsupported grant type: " + grantType);
        }
        ctx.header("Cache-Control", "no-store");
        Responses.json(ctx, 200, response);
    }

    /** The spec'd form encoding, and JSON too since Auth0 (behind Sage ID) accepts both. */
    private static Map<String, String> params(Context ctx) {
        Map<String, String> params = new HashMap<>();
        String contentType = ctx.contentType();
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                SageJson.object(ctx.bodyAsBytes()).forEach((k, v) -> params.put(k, v == null ? null : String.valueOf(v)));
            } catch (IllegalArgumentException e) {
                throw new OAuthException(400, "invalid_request", "The request body is not valid JSON");
            }
            return params;
        }
        ctx.formParamMap().forEach((k, v) -> params.put(k, v.isEmpty() ? null : v.get(0)));
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
