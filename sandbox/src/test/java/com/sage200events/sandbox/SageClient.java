package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the integration tests use to talk to a running sandbox over real HTTP, as a Sage client would. */
final class SageClient {

    static final String CLIENT_ID = "test-client";
    static final String CLIENT_SECRET = "test-secret";
    static final String REDIRECT_URI = "http://localhost:9999/callback";
    static final String SUBSCRIPTION_KEY = "test-subscription-key";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String accessToken;

    SageClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Runs the whole code flow and keeps the access token for {@link #api}. */
    Map<String, Object> login() {
        Map<String, Object> tokens = json(exchange(authorize("openid offline_access")));
        accessToken = (String) tokens.get("access_token");
        return tokens;
    }

    void useAccessToken(String token) {
        accessToken = token;
    }

    /** GET /authorize and return the code from the redirect. */
    String authorize(String scope) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/authorize?"
                + form(Map.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT_URI,
                        "state", "s1", "scope", scope, "audience", "s200ukipd/sage200"))))
                .GET());
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT_URI + "?code=").endsWith("&state=s1");
        return location.substring((REDIRECT_URI + "?code=").length(), location.indexOf("&state="));
    }

    HttpResponse<String> exchange(String code) {
        return token(Map.of("grant_type", "authorization_code", "code", code, "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET, "redirect_uri", REDIRECT_URI));
    }

    HttpResponse<String> refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET));
    }

    HttpResponse<String> token(Map<String, String> params) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))));
    }

    /** A request to the Professional API with every header a real client sends. */
    HttpResponse<String> api(String method, String pathAndQuery, Object body) {
        return apiWith(method, Sandbox.API_PATH + pathAndQuery, body, standardHeaders());
    }

    HttpResponse<String> get(String path, Map<String, String> query) {
        return api("GET", path + (query.isEmpty() ? "" : "?" + form(query)), null);
    }

    Map<String, String> standardHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ocp-apim-subscription-key", SUBSCRIPTION_KEY);
        headers.put("Authorization", "Bearer " + accessToken);
        SandboxSite site = sandbox.sites().get(0);
        headers.put("X-Site", site.siteId());
        headers.put("X-Company", Integer.toString(site.companyId()));
        return headers;
    }

    HttpResponse<String> apiWith(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        return send(request);
    }

    /** A call to the admin API under /_sandbox (no auth), with an optional JSON body. */
    HttpResponse<String> admin(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status of %s, body %s", response.uri(), response.body()).isEqualTo(200);
        return object(response.body());
    }

    static Map<String, Object> object(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> array(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status of %s, body %s", response.uri(), response.body()).isEqualTo(200);
        try {
            return JSON.readValue(response.body(), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
