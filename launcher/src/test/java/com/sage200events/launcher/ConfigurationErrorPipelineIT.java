package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.testkit.JsonHttp;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "instance status tells the truth": an authorized instance whose {@code company.name} matches no Sage
 * site shows {@code CONFIGURATION_ERROR} with the names Sage offers, instead of {@code ACTIVE} with failing
 * resources; a PATCH that fixes the name brings it back to {@code ACTIVE} and its resources poll again.
 */
class ConfigurationErrorPipelineIT {

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() {
        fixture = new PipelineFixture(UnaryOperator.identity());
    }

    @AfterAll
    static void stopPipeline() {
        fixture.close();
    }

    @Test
    void aCompanySageDoesNotHaveIsAConfigurationErrorUntilAPatchFixesIt() {
        ObjectNode body = (ObjectNode) PipelineFixture.json(fixture.seedInstance(fixture.stack.inbox().url("/company")));
        ObjectNode configuration = (ObjectNode) body.get("configuration");
        String rightName = configuration.get("company.name").asText();
        configuration.put("company.name", "No Such Company Ltd");
        JsonHttp.Response created = fixture.api.post(fixture.stack.apiUrl() + "/instances", body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(JsonHttp.follow(created.json().get("authorizationUrl").asText()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> instance(id).path("status").asText().equals("CONFIGURATION_ERROR"));
        assertThat(instance(id).path("statusReason").asText()).contains("No Such Company Ltd").contains(rightName);

        JsonHttp.Response patched = fixture.api.send("PATCH", fixture.stack.apiUrl() + "/instances/" + id,
                "{\"configuration\": {\"company.name\": \"" + rightName + "\"}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(fixture.pollAndWait(id, "customers").path("state").asText()).isEqualTo("OK");
        assertThat(instance(id).path("status").asText()).isEqualTo("ACTIVE");
    }

    private static JsonNode instance(long id) {
        return fixture.api.get(fixture.stack.apiUrl() + "/instances/" + id).json();
    }
}
