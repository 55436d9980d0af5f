package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SageIdIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults().withClock(clock));
        client = new SageClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void codeFlowIssuesBearerTokensThatOpenTheApi() {
        Map<String, Object> tokens = client.login();

        assertThat(tokens).containsEntry("token_type", "Bearer").containsEntry("expires_in", 480)
                .containsEntry("scope", "openid offline_access");
        assertThat((String) tokens.get("access_token")).isNotBlank();
        assertThat((String) tokens.get("refresh_token")).isNotBlank();
        assertThat(client.api("GET", "/sites", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anAuthorizationCodeWorksOnce() {
        String code = client.authorize("openid offline_access");
        assertThat(client.exchange(code).statusCode()).isEqualTo(200);

        HttpResponse<String> again = client.exchange(code);

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(SageClient.object(again.body())).containsEntry("error", "invalid_grant");
    }

    @Test
    void aCodeIsRefusedForAnotherRedirectUri() {
        String code = client.authorize("openid offline_access");

        HttpResponse<String> response = client.token(Map.of("grant_type", "authorization_code", "code", code,
                "client_id", SageClient.CLIENT_ID, "client_secret", SageClient.CLIENT_SECRET,
                "redirect_uri", "http://elsewhere/cb"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SageClient.object(response.body())).containsEntry("error", "invalid_grant");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndRefusesTheUsedOne() {
        String first = (String) client.login().get("refresh_token");

        Map<String, Object> rotated = SageClient.json(client.refresh(first));
        String second = (String) rotated.get("refresh_token");
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(rotated).containsEntry("expires_in", 480).containsEntry("token_type", "Bearer");

        HttpResponse<String> reused = client.refresh(first);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(SageClient.object(reused.body()))
                .containsEntry("error", "invalid_grant")
                .containsKey("error_description");
    }

    @Test
    void reusingARefreshTokenRevokesItsWholeFamily() {
        String first = (String) client.login().get("refresh_token");
        String second = (String) SageClient.json(client.refresh(first)).get("refresh_token");

        assertThat(client.refresh(first).statusCode()).isEqualTo(400);

        assertThat(client.refresh(second).statusCode()).as("the newest token of a replayed family").isEqualTo(400);
    }

    @Test
    void refreshedAccessTokensWorkAfterTheOldOnesExpire() {
        String refresh = (String) client.login().get("refresh_token");
        clock.advance(Duration.ofSeconds(481));
        assertThat(client.api("GET", "/sites", null).statusCode()).isEqualTo(401);

        client.useAccessToken((String) SageClient.json(client.refresh(refresh)).get("access_token"));

        assertThat(client.api("GET", "/sites", null).statusCode()).isEqualTo(200);
    }

    @Test
    void noRefreshTokenWithoutOfflineAccess() {
        Map<String, Object> tokens = SageClient.json(client.exchange(client.authorize("openid")));

        assertThat(tokens).containsKey("access_token").doesNotContainKey("refresh_token");
    }

    @Test
    void authorizeRefusesARequestWithoutClientOrRedirect() {
        HttpResponse<String> noClient = client.send(HttpRequest.newBuilder(
                URI.create(sandbox.authorizeUrl() + "?response_type=code&redirect_uri=http://localhost/cb")).GET());
        HttpResponse<String> noRedirect = client.send(HttpRequest.newBuilder(
                URI.create(sandbox.authorizeUrl() + "?response_type=code&client_id=c")).GET());

        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(noRedirect.statusCode()).isEqualTo(400);
    }

    @Test
    void tokenEndpointNeedsClientCredentialsAndAKnownGrant() {
        String code = client.authorize("openid");
        HttpResponse<String> noSecret = client.token(Map.of("grant_type", "authorization_code", "code", code,
                "client_id", SageClient.CLIENT_ID, "redirect_uri", SageClient.REDIRECT_URI));
        HttpResponse<String> badGrant = client.token(Map.of("grant_type", "password", "client_id", "c", "client_secret", "s"));

        assertThat(noSecret.statusCode()).isEqualTo(401);
        assertThat(SageClient.object(noSecret.body())).containsEntry("error", "invalid_client");
        assertThat(badGrant.statusCode()).isEqualTo(400);
        assertThat(SageClient.object(badGrant.body())).containsEntry("error", "unsupported_grant_type");
    }
}
