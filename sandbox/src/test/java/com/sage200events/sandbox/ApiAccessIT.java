package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The headers every Sage API call needs, and what is answered when one is missing. */
class ApiAccessIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults().withClock(clock));
        client = new SageClient(sandbox);
        client.login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void sitesListsTheDemoCompanyWithoutSiteHeaders() {
        Map<String, String> headers = client.standardHeaders();
        headers.remove("X-Site");
        headers.remove("X-Company");

        HttpResponse<String> response = client.apiWith("GET", Sandbox.API_PATH + "/sites", null, headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
        List<Map<String, Object>> sites = SageClient.array(response);
        assertThat(sites).hasSize(1);
        assertThat(sites.get(0))
                .containsOnlyKeys("company_id", "company_name", "site_id", "site_name", "site_short_name", "tenant_id")
                .containsEntry("company_name", "Cloud-Elements Demodata")
                .containsEntry("company_id", SandboxSite.DEMO.companyId())
                .containsEntry("site_id", SandboxSite.DEMO.siteId());
        assertThat((String) sites.get(0).get("site_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void missingBearerIs401WithAnEmptyBody() {
        Map<String, String> headers = client.standardHeaders();
        headers.remove("Authorization");

        HttpResponse<String> response = client.apiWith("GET", Sandbox.API_PATH + "/customers", null, headers);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void unknownBearerIs401WithAnEmptyBody() {
        client.useAccessToken("not-a-token");

        HttpResponse<String> response = client.api("GET", "/customers", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aTokenExpiresAfterExpiresInOnTheSandboxClock() {
        clock.advance(Duration.ofSeconds(479));
        assertThat(client.api("GET", "/customers", null).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = client.api("GET", "/customers", null);

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).isEmpty();
    }

    @Test
    void expireTokensNowRejectsEveryIssuedToken() {
        assertThat(client.api("GET", "/customers", null).statusCode()).isEqualTo(200);

        sandbox.expireTokensNow();

        assertThat(client.api("GET", "/customers", null).statusCode()).isEqualTo(401);
    }

    @Test
    void missingSubscriptionKeyIs401InApimShape() {
        Map<String, String> headers = client.standardHeaders();
        headers.remove("ocp-apim-subscription-key");

        HttpResponse<String> response = client.apiWith("GET", Sandbox.API_PATH + "/customers", null, headers);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SageClient.object(response.body()))
                .containsEntry("statusCode", 401)
                .hasEntrySatisfying("message", m -> assertThat((String) m).startsWith("Access denied due to missing subscription key"));
    }

    @Test
    void missingOrUnknownSiteOrCompanyIs400WithAMessage() {
        assertRefused(without("X-Site"), "X-Site");
        assertRefused(with("X-Site", "00000000-0000-0000-0000-000000000000"), "X-Site");
        assertRefused(without("X-Company"), "X-Company");
        assertRefused(with("X-Company", "999"), "X-Company");
    }

    @Test
    void theStandardEditionPathServesTheSameData() {
        List<Map<String, Object>> professional = SageClient.array(client.api("GET", "/customers", null));

        HttpResponse<String> standard = client.apiWith("GET", "/uk/sage200/accounts/v1/customers", null, client.standardHeaders());

        assertThat(SageClient.array(standard)).isEqualTo(professional).isNotEmpty();
    }

    @Test
    void unknownPathsAre404() {
        assertThat(client.api("GET", "/no_such_resource", null).statusCode()).isEqualTo(404);
        assertThat(client.api("GET", "/customers/999999", null).statusCode()).isEqualTo(404);
    }

    private Map<String, String> without(String header) {
        Map<String, String> headers = client.standardHeaders();
        headers.remove(header);
        return headers;
    }

    private Map<String, String> with(String header, String value) {
        Map<String, String> headers = client.standardHeaders();
        headers.put(header, value);
        return headers;
    }

    private void assertRefused(Map<String, String> headers, String namedHeader) {
        HttpResponse<String> response = client.apiWith("GET", Sandbox.API_PATH + "/customers", null, headers);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) SageClient.object(response.body()).get("Message")).contains(namedHeader);
    }
}
