package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.RecordContract;
import com.sage200events.testkit.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed document's example, end to end: POST /instances, Sage authorization against the sandbox, a
 * change in Sage, a standardized event at the callback. Real broker, real Redis, real HTTP everywhere.
 */
class SeedInstancePipelineIT {

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() {
        fixture = new PipelineFixture(UnaryOperator.identity());
    }

    @AfterAll
    static void stopPipeline() {
        try {
            long checked = RecordContract.assertTopicsConform(fixture.stack.env().kafkaBootstrapServers(), fixture.stack.env().topicPrefix());
            assertThat(checked).as("records checked against schemas/").isPositive();
        } finally {
            fixture.close();
        }
    }

    @Test
    void seedInstanceDeliversOneCreatedThenOneUpdatedAndNothingMore() {
        String path = "/seed-" + System.nanoTime();
        JsonHttp.Response created = fixture.api.post(fixture.stack.apiUrl() + "/instances",
                fixture.seedInstance(fixture.stack.inbox().url(path)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("id").isNumber()).isTrue();
        assertThat(body.get("token").asText()).hasSizeGreaterThan(30);
        assertThat(body.get("status").asText()).isEqualTo("PENDING_AUTHORIZATION");
        assertThat(body.get("warnings").toString()).contains("transactions");
        assertThat(body.get("configuration").get("event.notification.basic.password").asText()).isEqualTo("********");
        long id = body.get("id").asLong();

        assertThat(JsonHttp.follow(body.get("authorizationUrl").asText()).status()).isEqualTo(200);
        assertThat(fixture.api.get(fixture.stack.apiUrl() + "/instances/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
        fixture.awaitBaselines(id);
        assertThat(fixture.deliveredEvents(path)).as("events from the baselines (history is not flooded)").isEmpty();

        Map<String, Object> customer = fixture.stack.sandbox().create("customers", Map.of("name", "Acme Ltd", "reference", "ACME01"));
        String customerId = customer.get("id").toString();
        fixture.pollAndWait(id, "customers");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.deliveredEvents(path, "customers").size() == 1);
        JsonNode createdEvent = fixture.deliveredEvents(path, "customers").get(0);
        assertThat(createdEvent.get("eventType").asText()).isEqualTo("CREATED");
        assertThat(createdEvent.get("objectType").asText()).isEqualTo("customers");
        assertThat(createdEvent.get("objectId").asText()).isEqualTo(customerId);
        ReceivedRequest delivery = fixture.stack.inbox().requests(path).stream()
                .filter(r -> r.body().contains("\"objectType\":\"customers\"")).findFirst().orElseThrow();
        assertThat(delivery.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("CompanyName123:P@$$w0rd".getBytes(StandardCharsets.UTF_8)));
        JsonNode message = PipelineFixture.json(delivery.body()).get("message");
        assertThat(message.get("instanceId").asLong()).isEqualTo(id);
        assertThat(message.get("raw").get("customers").get(0).get("id").asText()).isEqualTo(customerId);
        assertThat(delivery.header("Elements-Webhook-Id")).isEqualTo(message.get("eventId").asText());

        fixture.stack.sandbox().update("customers", Long.parseLong(customerId), Map.of("name", "Acme Holdings Ltd"));
        fixture.pollAndWait(id, "customers");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.deliveredEvents(path, "customers").size() == 2);
        JsonNode updatedEvent = fixture.deliveredEvents(path, "customers").get(1);
        assertThat(updatedEvent.get("eventType").asText()).isEqualTo("UPDATED");
        assertThat(updatedEvent.get("objectId").asText()).isEqualTo(customerId);
        assertThat(updatedEvent.get("eventId").asText()).isNotEqualTo(createdEvent.get("eventId").asText());

        long published = fixture.publishedNotifications("customers");
        for (int i = 0; i < 3; i++) {
            JsonNode status = fixture.pollAndWait(id, "customers");
            assertThat(status.path("state").asText()).isEqualTo("OK");
        }
        assertThat(fixture.publishedNotifications("customers")).as("customers notifications after three quiet polls").isEqualTo(published);
        assertThat(fixture.deliveredEvents(path, "customers")).hasSize(2);

        fixture.pollAndWait(id, "transactions");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.deliveredEvents(path).stream()
                .anyMatch(e -> e.get("objectType").asText().equals("transactions")));
        List<JsonNode> transactions = fixture.deliveredEvents(path).stream()
                .filter(e -> e.get("objectType").asText().equals("transactions")).toList();
        assertThat(transactions).extracting(e -> e.get("objectId").asText()).containsExactly(customerId);
    }

    @Test
    void moreChangesThanOnePageAreAllDeliveredNoneTwice() {
        String path = "/paged-" + System.nanoTime();
        ObjectNode body = (ObjectNode) PipelineFixture.json(fixture.seedInstance(fixture.stack.inbox().url(path)));
        ObjectNode customers = (ObjectNode) body.get("configuration").get("event.poller.configuration").get("customers");
        customers.put("pageSize", 20);
        long id = fixture.createAuthorizedInstance(body.toString());

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 73; i++) {
            expected.add(fixture.stack.sandbox().create("customers", Map.of("name", "Bulk " + i)).get("id").toString());
        }
        JsonNode status = fixture.pollAndWait(id, "customers");
        assertThat(status.path("state").asText()).isEqualTo("OK");

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.deliveredEvents(path, "customers").size() >= expected.size());
        List<JsonNode> events = fixture.deliveredEvents(path, "customers");
        assertThat(events).extracting(e -> e.get("objectId").asText()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(events).extracting(e -> e.get("eventId").asText()).doesNotHaveDuplicates();
        assertThat(fixture.stack.inbox().requests(path)).allSatisfy(r ->
                assertThat(PipelineFixture.json(r.body()).get("message").get("events").size()).isBetween(1, 10));
        long pages = fixture.stack.sandbox().requests().stream()
                .filter(r -> r.path().endsWith("/customers") && r.query() != null && r.query().contains("top=20")).count();
        assertThat(pages).as("pages of 20 read").isGreaterThanOrEqualTo(4);
    }
}
