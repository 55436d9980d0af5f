package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sage ID's token endpoint: exchanges an authorization code, and renews tokens with a refresh token.
 * Sage rotates refresh tokens, so the caller must store the new pair before anyone else refreshes.
 */
public final class SageIdClient {

    private final HttpClient http;
    private final SageEndpoints endpoints;
    private final Clock clock;

    public SageIdClient(HttpClient http, SageEndpoints endpoints, Clock clock) {
        this.http = http;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    public SageTokens exchangeCode(String clientId, String clientSecret, String code, String redirectUri) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        return request(form);
    }

    public SageTokens refresh(String clientId, String clientSecret, String refreshToken) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("refresh_token", refreshToken);
        return request(form);
    }

    private SageTokens request(Map<String, String> form) throws IOException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoints.tokenEndpoint())
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling Sage ID", e);
        }
        if (response.statusCode() == 400 || response.statusCode() == 401 || response.statusCode() == 403) {
            // The body names the OAuth error (invalid_grant, ...) and never echoes the secrets we sent.
            throw new SageAuthException("Sage ID refused the " + form.get("grant_type") + " grant: HTTP "
                    + response.statusCode() + " " + abbreviate(response.body()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Sage ID answered HTTP " + response.statusCode());
        }
        JsonNode json;
        try {
            json = Json.tree(response.body());
        } catch (IllegalArgumentException e) {
            throw new IOException("Sage ID answered a body that is not JSON", e);
        }
        String access = json.path("access_token").asText(null);
        if (access == null) {
            throw new IOException("Sage ID answered without access_token");
        }
        long expiresIn = json.path("expires_in").asLong(300);
        return new SageTokens(access, json.path("refresh_token").asText(form.get("refresh_token")),
                clock.instant().plusSeconds(expiresIn));
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
