package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault kind as a client sees it over HTTP, and the admin API that sets them. */
class FaultsIT {

    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SageClient(sandbox);
        client.login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void throttlingAnswers429WithRetryAfterOnceAndThenServes() {
        sandbox.addFault(SandboxFault.throttle("/customers", 7));

        HttpResponse<String> throttled = client.get("/customers", Map.of());

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(SageClient.object(throttled.body())).containsEntry("statusCode", 429);
        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(200);
        // The log entry is written after the answer has gone out, so it may trail the client by a moment.
        await().untilAsserted(() -> assertThat(sandbox.requests()).extracting(SandboxRequest::status, SandboxRequest::fault)
                .contains(org.assertj.core.groups.Tuple.tuple(429, "throttle"), org.assertj.core.groups.Tuple.tuple(200, "")));
    }

    @Test
    void serverErrorsCarryTheirStatusInSagesOrTheGatewaysShape() {
        for (int status : new int[] {500, 502, 503, 504}) {
            sandbox.addFault(SandboxFault.serverError("/customers", status));

            HttpResponse<String> response = client.get("/customers", Map.of());

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(SageClient.object(response.body())).containsKey(status == 500 ? "Message" : "statusCode");
        }
        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysTheAnswerAndStillServesIt() {
        sandbox.clearRequests();
        sandbox.addFault(SandboxFault.latency("/customers", Duration.ofMillis(400)));
        long started = System.nanoTime();

        HttpResponse<String> response = client.get("/customers", Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(SageClient.array(response)).isNotEmpty();
        await().untilAsserted(() -> assertThat(sandbox.requests()).extracting(SandboxRequest::fault).containsExactly("latency"));
    }

    @Test
    void aCutConnectionEndsTheBodyEarly() {
        sandbox.addFault(SandboxFault.cutConnection("/customers"));

        assertThatThrownBy(() -> client.get("/customers", Map.of())).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseInstanceOf(IOException.class);

        assertThat(SageClient.array(client.get("/customers", Map.of()))).isNotEmpty();
        await().untilAsserted(() -> assertThat(sandbox.requests()).extracting(SandboxRequest::fault).contains("cut_connection"));
    }

    @Test
    void truncatedJsonIsAComplete200WhoseBodyStopsShort() {
        String whole = client.get("/customers", Map.of()).body();
        sandbox.addFault(SandboxFault.truncatedJson("/customers"));

        HttpResponse<String> truncated = client.get("/customers", Map.of());

        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(truncated.body()).isNotEmpty().isNotEqualTo(whole);
        assertThat(whole).startsWith(truncated.body());
        assertThatThrownBy(() -> new ObjectMapper().readTree(truncated.body())).isInstanceOf(IOException.class);
    }

    @Test
    void anHtmlPageComesInsteadOfJson() {
        sandbox.addFault(SandboxFault.htmlPage("/customers"));
        sandbox.addFault(SandboxFault.htmlPage("/customers", 503));

        HttpResponse<String> ok = client.get("/customers", Map.of());
        HttpResponse<String> unavailable = client.get("/customers", Map.of());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(ok.body()).startsWith("<!DOCTYPE html>");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("<html>");
    }

    @Test
    void theValueWrapperWrapsListsButNotSingleRecords() {
        List<Map<String, Object>> bare = SageClient.array(client.get("/customers", Map.of()));
        sandbox.addFault(SandboxFault.valueWrapper("/customers*").always());

        Map<String, Object> wrapped = SageClient.object(client.get("/customers", Map.of()).body());
        Map<String, Object> counted = SageClient.object(client.get("/customers", Map.of("$count", "true", "$top", "1")).body());
        HttpResponse<String> one = client.api("GET", "/customers/" + bare.get(0).get("id"), null);

        assertThat(wrapped).containsOnlyKeys("value").containsEntry("value", bare);
        assertThat(counted).containsEntry("@odata.count", bare.size());
        assertThat((List<?>) counted.get("value")).hasSize(1);
        assertThat(SageClient.object(one.body())).containsEntry("id", bare.get(0).get("id"));
        sandbox.addFault(SandboxFault.valueWrapper("/sites"));
        assertThat(SageClient.object(client.get("/sites", Map.of()).body())).containsOnlyKeys("value");
    }

    @Test
    void expiringTokensGives401UntilTheClientRefreshes() {
        String refresh = (String) client.login().get("refresh_token");
        sandbox.addFault(SandboxFault.expireTokens("/customers"));

        HttpResponse<String> expired = client.get("/customers", Map.of());

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).isEmpty();
        assertThat(client.get("/products", Map.of()).statusCode()).as("every token expired, not just one call").isEqualTo(401);
        client.useAccessToken((String) SageClient.json(client.refresh(refresh)).get("access_token"));
        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aSeededRateOfFaultsReplaysExactly() {
        List<Integer> first = statuses(SandboxFault.serverError("/customers", 503).rate(0.5, 11), 30);
        List<Integer> again = statuses(SandboxFault.serverError("/customers", 503).rate(0.5, 11), 30);

        assertThat(again).isEqualTo(first);
        assertThat(first).contains(200, 503);
    }

    @Test
    void aFaultTouchesOnlyThePathsItNames() {
        sandbox.addFault(SandboxFault.serverError("/products", 500).always());
        sandbox.addFault(SandboxFault.serverError("/oauth/token", 503));

        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(200);
        assertThat(client.get("/products", Map.of()).statusCode()).isEqualTo(500);
        assertThat(client.api("GET", "/products/999999", null).statusCode()).as("an item path is another path").isEqualTo(404);
        assertThat(client.refresh("whatever").statusCode()).as("Sage ID's token endpoint").isEqualTo(503);
    }

    @Test
    void theAdminApiAddsListsAndRemovesFaults() {
        HttpResponse<String> added = client.admin("POST", "/_sandbox/faults",
                Map.of("kind", "server_error", "path", "/customers", "status", 502, "times", 2));
        assertThat(added.statusCode()).isEqualTo(201);
        String id = (String) SageClient.object(added.body()).get("id");

        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(502);
        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(502);
        assertThat(client.get("/customers", Map.of()).statusCode()).isEqualTo(200);
        assertThat(client.admin("GET", "/_sandbox/faults", null).body()).contains("\"id\":\"" + id + "\"")
                .contains("\"fired\":2").contains("\"spent\":true");
        assertThat(client.admin("DELETE", "/_sandbox/faults/" + id, null).statusCode()).isEqualTo(204);
        assertThat(client.admin("DELETE", "/_sandbox/faults/" + id, null).statusCode()).isEqualTo(404);
        assertThat(sandbox.faults()).isEmpty();

        HttpResponse<String> bad = client.admin("POST", "/_sandbox/faults", Map.of("kind", "explode"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat((String) SageClient.object(bad.body()).get("Message")).contains("kind");
        assertThat(client.admin("POST", "/_sandbox/faults", Map.of("kind", "latency", "latency_ms", 10, "probability", 0.5, "seed", 3))
                .body()).contains("\"times\":0").contains("\"latency_ms\":10");
    }

    private List<Integer> statuses(SandboxFault fault, int requests) {
        sandbox.clearFaults();
        sandbox.addFault(fault);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(client.get("/customers", Map.of()).statusCode());
        }
        return statuses;
    }
}
