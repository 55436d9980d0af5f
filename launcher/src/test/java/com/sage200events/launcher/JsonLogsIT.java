package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.dispatcher.RetryPolicy;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.WebhookReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code LOG_FORMAT=json} with the services' own {@code logback.xml}: a poll and a delivery that is parked
 * log one JSON object per line, carrying instance id, resource and notification id as MDC fields, and none of
 * the instance's secrets.
 */
class JsonLogsIT {

    @Test
    void aPollAndADeliveryLogJsonLinesWithTheirMdcFieldsAndNoSecret() throws Exception {
        String suffix = Long.toString(System.nanoTime());
        Map<String, String> secrets = Map.of(
                "oauth.api.secret", "api-secret-" + suffix,
                "subscription.key", "subscription-key-" + suffix,
                "signing.key", "signing-key-" + suffix,
                "event.notification.basic.password", "basic-password-" + suffix,
                "event.notification.signature.key", "signature-key-" + suffix);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        String token;
        String webhookSecret;
        long id;
        String notificationId;
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            useServiceLogConfiguration(logback, "json");
            try (PipelineFixture fixture = new PipelineFixture(o -> o.withDispatcher(o.dispatcher()
                    .withRetry(new RetryPolicy(List.of(Duration.ofMillis(200)), 0, Duration.ofMinutes(1)))))) {
                String path = "/logs-" + suffix;
                ObjectNode body = (ObjectNode) PipelineFixture.json(fixture.seedInstance(receiver.url(path)));
                ObjectNode configuration = (ObjectNode) body.get("configuration");
                secrets.forEach(configuration::put);
                ((ObjectNode) configuration.get("event.poller.configuration")).retain("customers");
                JsonHttp.Response created = fixture.api.post(fixture.stack.apiUrl() + "/instances", body.toString());
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                id = created.json().get("id").asLong();
                token = created.json().get("token").asText();
                webhookSecret = created.json().get("webhookSecret").asText();
                assertThat(JsonHttp.follow(created.json().get("authorizationUrl").asText()).status()).isEqualTo(200);
                fixture.awaitBaselines(id);

                receiver.respondWith(500, 500);
                fixture.stack.sandbox().create("customers", Map.of("name", "Logged Ltd"));
                fixture.pollAndWait(id, "customers");
                String parked = fixture.stack.apiUrl() + "/instances/" + id + "/events?status=QUEUED";
                await().atMost(Duration.ofSeconds(30)).until(() -> fixture.api.get(parked).json().get("events").size() == 1);
                notificationId = fixture.api.get(parked).json().get("events").get(0).get("eventId").asText();
            }
        } finally {
            System.setOut(original);
            useTestLogConfiguration(logback);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = output.lines().filter(l -> !l.isBlank()).map(PipelineFixture::json).toList();
        assertThat(lines).as("every line is a JSON object").allSatisfy(l -> {
            assertThat(l.isObject()).isTrue();
            assertThat(l.path("level").asText()).isNotBlank();
            assertThat(l.path("formattedMessage").asText()).isNotBlank();
        });
        String instanceId = Long.toString(id);
        assertThat(lines).as("the worker's poll line").anySatisfy(l -> {
            assertThat(l.path("mdc").path("instanceId").asText()).isEqualTo(instanceId);
            assertThat(l.path("mdc").path("resource").asText()).isEqualTo("customers");
            assertThat(l.path("formattedMessage").asText()).startsWith("polled ");
        });
        assertThat(lines).as("the dispatcher's delivery line").anySatisfy(l -> {
            assertThat(l.path("mdc").path("notificationId").asText()).isEqualTo(notificationId);
            assertThat(l.path("mdc").path("instanceId").asText()).isEqualTo(instanceId);
            assertThat(l.path("mdc").path("resource").asText()).isEqualTo("customers");
        });
        assertThat(output).doesNotContain(token, webhookSecret.substring("whsec_".length()));
        secrets.values().forEach(secret -> assertThat(output).doesNotContain(secret));
    }

    /** Configures logging as a service starts it: from the services' {@code logback.xml}, with {@code LOG_FORMAT}. */
    private static void useServiceLogConfiguration(LoggerContext logback, String format) throws Exception {
        logback.reset();
        logback.putProperty("LOG_FORMAT", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        configurator.doConfigure(JsonLogsIT.class.getClassLoader().getResource("logback.xml"));
    }

    private static void useTestLogConfiguration(LoggerContext logback) throws Exception {
        logback.reset();
        new ContextInitializer(logback).autoConfig();
    }
}
