package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.common.sage.SageTokens;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three ways of DESIGN.md §3 to authorize an instance with Sage, the state check, and authorizing again. */
class SageAuthorizationIT {

    private static SchedulerFixture fixture;
    private static Tenant tenant;
    private static InstanceRepository repository;
    private static SageTokenStore tokens;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("authorization");
        RedisKeys keys = new RedisKeys(fixture.prefix);
        repository = new InstanceRepository(fixture.redis, keys);
        tokens = new SageTokenStore(fixture.redis, keys);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aProviderCodeIsExchangedAtCreate() {
        ObjectNode body = seed();
        body.putObject("providerData").put("code", fixture.sageCode(apiKey(body), ourCallback()));
        JsonNode created = fixture.create(tenant, body);
        assertThat(created.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.has("authorizationUrl")).isFalse();
        assertThat(tokens.find(created.get("id").asLong())).isPresent();
    }

    @Test
    void aRefusedProviderCodeIsA400NamingIt() {
        ObjectNode body = seed();
        body.putObject("providerData").put("code", "not-a-code");
        JsonHttp.Response refused = tenant.api().post(fixture.url("/instances"), body.toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("providerData.code");
    }

    @Test
    void aRefreshTokenInTheConfigurationIsUsedAtCreateAndAtPatch() throws Exception {
        ObjectNode body = seed();
        configuration(body).put("oauth.refresh.token", refreshToken(apiKey(body)));
        JsonNode created = fixture.create(tenant, body);
        long id = created.get("id").asLong();
        assertThat(created.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.get("configuration").get("oauth.refresh.token").asText()).isEqualTo("********");
        SageTokens first = tokens.find(id).orElseThrow();

        JsonHttp.Response patched = tenant.api().send("PATCH", fixture.url("/instances/" + id),
                "{\"configuration\": {\"oauth.refresh.token\": \"" + refreshToken(apiKey(body)) + "\"}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(tokens.find(id).orElseThrow().accessToken()).isNotEqualTo(first.accessToken());

        JsonHttp.Response refused = tenant.api().send("PATCH", fixture.url("/instances/" + id),
                "{\"configuration\": {\"oauth.refresh.token\": \"dead\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("configuration.oauth.refresh.token");
    }

    @Test
    void aPendingInstanceIsAuthorizedByTheRedirectAndItsStateWorksOnce() {
        JsonNode created = fixture.create(tenant, seed());
        long id = created.get("id").asLong();
        assertThat(created.get("status").asText()).isEqualTo("PENDING_AUTHORIZATION");

        JsonHttp.Response done = JsonHttp.follow(created.get("authorizationUrl").asText());
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(repository.find(id).orElseThrow().status()).isEqualTo(InstanceStatus.ACTIVE);

        JsonHttp.Response replay = JsonHttp.follow(created.get("authorizationUrl").asText());
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("errors").get(0).get("field").asText()).isEqualTo("state");
        JsonHttp.Response forged = JsonHttp.withHeaders(Map.of()).get(fixture.url("/elements/sage200/oauth/callback?state=forged&code=x"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("errors").get(0).get("field").asText()).isEqualTo("state");
    }

    @Test
    void sagesRefusalAtTheRedirectSpendsTheStateAndKeepsTheStatus() {
        JsonNode created = fixture.create(tenant, seed());
        String state = queryParam(created.get("authorizationUrl").asText(), "state");
        String callback = fixture.url("/elements/sage200/oauth/callback?state=" + state + "&error=access_denied");

        JsonHttp.Response denied = JsonHttp.withHeaders(Map.of()).get(callback);
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.json().get("errors").get(0).get("field").asText()).isEqualTo("error");
        assertThat(JsonHttp.withHeaders(Map.of()).get(callback).json().get("errors").get(0).get("field").asText()).isEqualTo("state");
        assertThat(repository.find(created.get("id").asLong()).orElseThrow().status()).isEqualTo(InstanceStatus.PENDING_AUTHORIZATION);
    }

    @Test
    void anAuthFailedInstanceIsAuthorizedAgainThroughAFreshUrlOrAPatchedCode() {
        ObjectNode body = seed();
        body.putObject("providerData").put("code", fixture.sageCode(apiKey(body), ourCallback()));
        long id = fixture.create(tenant, body).get("id").asLong();
        failAuthorization(id);
        assertThat(tenant.api().get(fixture.url("/instances/" + id)).json().get("statusReason").asText()).contains("refused");

        JsonHttp.Response fresh = tenant.api().post(fixture.url("/instances/" + id + "/authorization"), "");
        assertThat(fresh.json().get("status").asText()).isEqualTo("AUTH_FAILED");
        assertThat(JsonHttp.follow(fresh.json().get("authorizationUrl").asText()).status()).isEqualTo(200);
        JsonNode again = tenant.api().get(fixture.url("/instances/" + id)).json();
        assertThat(again.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(again.has("statusReason")).isFalse();

        failAuthorization(id);
        JsonHttp.Response patched = tenant.api().send("PATCH", fixture.url("/instances/" + id),
                "{\"providerData\": {\"code\": \"" + fixture.sageCode(apiKey(body), ourCallback()) + "\"}}");
        assertThat(patched.json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void theOauthUrlForAUiCarriesItsClientRedirectAndState() {
        JsonHttp.Response url = tenant.api().get(fixture.url(
                "/elements/sage200/oauth/url?apiKey=client-1&apiSecret=ignored&callbackUrl=https://ui.example.com/cb&state=ui-state"));
        assertThat(url.status()).as(url.body()).isEqualTo(200);
        String oauthUrl = url.json().get("oauthUrl").asText();
        assertThat(oauthUrl).startsWith(fixture.sandbox.authorizeUrl() + "?");
        assertThat(queryParam(oauthUrl, "client_id")).isEqualTo("client-1");
        assertThat(queryParam(oauthUrl, "redirect_uri")).isEqualTo("https://ui.example.com/cb");
        assertThat(queryParam(oauthUrl, "state")).isEqualTo("ui-state");
        assertThat(oauthUrl).doesNotContain("ignored");

        JsonHttp.Response missing = tenant.api().get(fixture.url("/elements/sage200/oauth/url"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("apiKey", "callbackUrl");
        assertThat(JsonHttp.withHeaders(Map.of()).get(fixture.url("/elements/sage200/oauth/url?apiKey=a&callbackUrl=https://x.y/"))
                .status()).isEqualTo(401);
    }

    /** What the worker does when Sage refuses the refresh token. */
    private static void failAuthorization(long id) {
        repository.markAuthFailed(id, "Sage refused the refresh token");
    }

    private static String refreshToken(String clientId) throws Exception {
        SageEndpoints endpoints = new SageEndpoints(fixture.sandbox.baseUrl(), fixture.sandbox.apiBaseUrl(), null);
        return new SageIdClient(HttpClient.newHttpClient(), endpoints, Clock.systemUTC())
                .exchangeCode(clientId, "any-secret", fixture.sageCode(clientId, "https://ui.example.com/cb"), "https://ui.example.com/cb")
                .refreshToken();
    }

    private static String ourCallback() {
        return fixture.url("/elements/sage200/oauth/callback");
    }

    private static String apiKey(ObjectNode body) {
        return configuration(body).get("oauth.api.key").asText();
    }

    private static String queryParam(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + url);
    }
}
