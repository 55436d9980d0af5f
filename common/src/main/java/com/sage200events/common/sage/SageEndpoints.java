package com.sage200events.common.sage;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Sage lives: Sage ID (authorize and token endpoints) and the Sage 200 API base. Defaults are
 * Sage's production endpoints; dev and tests point both at the sandbox.
 */
public record SageEndpoints(String idBaseUrl, String apiBaseUrl, String audience) {

    public static final String DEFAULT_ID_BASE = "https://id.sage.com";
    public static final String DEFAULT_API_BASE = "https://api.columbus.sage.com/uk/sage200extra/accounts/v1";
    public static final String DEFAULT_AUDIENCE = "s200ukipd/sage200";

    public SageEndpoints {
        idBaseUrl = trimSlash(idBaseUrl == null ? DEFAULT_ID_BASE : idBaseUrl);
        apiBaseUrl = trimSlash(apiBaseUrl == null ? DEFAULT_API_BASE : apiBaseUrl);
        audience = audience == null ? DEFAULT_AUDIENCE : audience;
    }

    public static SageEndpoints production() {
        return new SageEndpoints(DEFAULT_ID_BASE, DEFAULT_API_BASE, DEFAULT_AUDIENCE);
    }

    public URI tokenEndpoint() {
        return URI.create(idBaseUrl + "/oauth/token");
    }

    public String authorizeUrl(String clientId, String redirectUri, String state) {
        return idBaseUrl + "/authorize?response_type=code"
                + "&client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(redirectUri)
                + "&audience=" + encode(audience)
                + "&scope=" + encode("openid profile email offline_access")
                + "&state=" + encode(state);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
