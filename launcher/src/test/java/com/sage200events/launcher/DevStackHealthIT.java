package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.testkit.JsonHttp;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The dev stack runs every service in one JVM, so its API's {@code /health} watches every service's loops (issue 13). */
class DevStackHealthIT {

    @Test
    void theApisHealthListsTheLoopsOfTheSchedulerWorkerAndDispatcher() {
        try (PipelineFixture fixture = new PipelineFixture(UnaryOperator.identity())) {
            JsonHttp.Response health = fixture.api.get(fixture.stack.apiUrl() + "/health");

            assertThat(health.status()).as(health.body()).isEqualTo(200);
            JsonNode checks = health.json().get("checks");
            for (String loop : new String[] {"schedule-sync", "poll-task-loop-0", "delivery-loop-0", "delivery-outcomes-0", "delivery-retries"}) {
                assertThat(checks.path("loop:" + loop).asBoolean(false)).as("loop %s in %s", loop, checks).isTrue();
            }
        }
    }
}
