package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.dispatcher.RetryPolicy;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.ReceivedRequest;
import com.sage200events.testkit.WebhookReceiver;
import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery API end to end: the signing secret shown at create, a change that cannot be delivered parked
 * after its retries and listed with its attempts, replayed on request, the secret rotated, and a callback
 * URL the SSRF guard refuses at create.
 */
class DeliveryApiIT {

    private static PipelineFixture fixture;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startPipeline() {
        receiver = WebhookReceiver.start();
        fixture = new PipelineFixture(o -> o.withDispatcher(o.dispatcher()
                .withRetry(new RetryPolicy(List.of(Duration.ofMillis(300)), 0, Duration.ofMinutes(1)))));
    }

    @AfterAll
    static void stopPipeline() {
        fixture.close();
        receiver.close();
    }

    /** The seed instance polling customers only, so the only notifications are the ones this test causes. */
    private static String customersOnly(String seedInstance) {
        ObjectNode body = (ObjectNode) PipelineFixture.json(seedInstance);
        ((ObjectNode) body.get("configuration").get("event.poller.configuration"))
                .retain("customers");
        return body.toString();
    }

    /** Creates the customers-only seed instance calling back to {@code path}, authorizes it, waits for its baselines; the create answer. */
    private static JsonNode activeInstance(String path) {
        JsonHttp.Response created = fixture.api.post(fixture.stack.apiUrl() + "/instances", customersOnly(fixture.seedInstance(receiver.url(path))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(JsonHttp.follow(created.json().get("authorizationUrl").asText()).status()).isEqualTo(200);
        fixture.awaitBaselines(created.json().get("id").asLong());
        return created.json();
    }

    @Test
    void parkedEventIsListedWithItsAttemptsAndRedeliveredOnRequest() throws Exception {
        String path = "/api-" + System.nanoTime();
        JsonNode created = activeInstance(path);
        String secret = created.get("webhookSecret").asText();
        assertThat(secret).startsWith("whsec_");
        long id = created.get("id").asLong();
        assertThat(fixture.api.get(fixture.stack.apiUrl() + "/instances/" + id).body()).doesNotContain(secret);

        receiver.respondWith(500, 502);
        fixture.stack.sandbox().create("customers", Map.of("name", "Parked Ltd"));
        fixture.pollAndWait(id, "customers");
        String events = fixture.stack.apiUrl() + "/instances/" + id + "/events";
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.api.get(events + "?status=QUEUED").json().get("events").size() == 1);
        JsonNode parked = fixture.api.get(events + "?status=QUEUED").json().get("events").get(0);
        assertThat(parked.get("attempts").asInt()).isEqualTo(2);
        assertThat(parked.get("attemptLog")).extracting(a -> a.get("statusCode").asInt()).containsExactly(500, 502);
        assertThat(parked.get("attemptLog").get(0).get("latencyMs").isNumber()).isTrue();
        assertThat(parked.get("parkedReason").asText()).contains("gave up after 2 attempts");
        String eventId = parked.get("eventId").asText();

        JsonHttp.Response replay = fixture.api.post(events + "/redeliver", "");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().get("redelivering")).extracting(JsonNode::asText).containsExactly(eventId);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests(path).size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                fixture.api.get(events + "?status=DELIVERED").json().get("events").size() == 1);
        ReceivedRequest delivered = receiver.requests(path).get(2);
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.header("webhook-id")).isEqualTo(eventId);
        assertThat(delivered.header("webhook-signature")).isEqualTo("v1," + sign(secret, delivered));

        // Delivered now: asking again replays it once (deliveredEventsAreReplayedSinceATimeUnderTheRotatedSecret).
        JsonHttp.Response again = fixture.api.post(events + "/" + eventId + "/redeliver", "");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.json().get("replay").asBoolean()).isTrue();
        assertThat(fixture.api.post(events + "/msg_unknown/redeliver", "").status()).isEqualTo(404);

        JsonHttp.Response rotated = fixture.api.post(fixture.stack.apiUrl() + "/instances/" + id + "/webhook-secret/rotate", "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().get("webhookSecret").asText()).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(rotated.json().get("previousSecretValidUntil").asText()).isNotBlank();
    }

    @Test
    void deliveredEventsAreReplayedSinceATimeUnderTheRotatedSecret() throws Exception {
        String path = "/replay-" + System.nanoTime();
        long id = activeInstance(path).get("id").asLong();
        String events = fixture.stack.apiUrl() + "/instances/" + id + "/events";

        Instant since = Instant.now();
        fixture.stack.sandbox().create("customers", Map.of("name", "Replayed Ltd"));
        fixture.pollAndWait(id, "customers");
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.api.get(events + "?status=DELIVERED").json().get("events").size() == 1);
        ReceivedRequest original = receiver.requests(path).get(0);
        String eventId = original.header("webhook-id");
        String rotated = fixture.api.post(fixture.stack.apiUrl() + "/instances/" + id + "/webhook-secret/rotate?graceHours=0", "")
                .json().get("webhookSecret").asText();
        long originalTimestamp = Long.parseLong(original.header("webhook-timestamp"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() > originalTimestamp);

        JsonHttp.Response replay = fixture.api.post(events + "/replay?since=" + since, "");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().get("count").asInt()).isEqualTo(1);
        assertThat(replay.json().get("replaying")).extracting(JsonNode::asText).containsExactly(eventId);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests(path).size() == 2);
        ReceivedRequest replayed = receiver.requests(path).get(1);
        assertThat(replayed.header("webhook-id")).isEqualTo(eventId);
        assertThat(Long.parseLong(replayed.header("webhook-timestamp"))).isGreaterThan(originalTimestamp);
        new Webhook(rotated).verify(replayed.body(), replayed.headers());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "DELIVERED".equals(fixture.api.get(events).json().get("events").get(0).path("replay").path("state").asText()));
        JsonNode listed = fixture.api.get(events).json().get("events").get(0);
        assertThat(listed.get("attemptLog")).extracting(a -> a.path("replay").asBoolean()).containsExactly(false, true);

        assertThat(fixture.api.post(events + "/replay?since=" + Instant.now(), "").json().get("count").asInt()).isZero();
        assertThat(fields(fixture.api.post(events + "/replay", ""))).containsExactly("since");
        assertThat(fields(fixture.api.post(events + "/replay?since=yesterday", ""))).containsExactly("since");
        assertThat(fields(fixture.api.post(events + "/replay?since=" + since + "&until=" + since.minusSeconds(60), ""))).containsExactly("until");
    }

    private static List<String> fields(JsonHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().get("errors").findValuesAsText("field");
    }

    @Test
    void callbackToTheCloudMetadataAddressIsRefusedAtCreate() {
        ObjectNode body = (ObjectNode) PipelineFixture.json(fixture.seedInstance("http://169.254.169.254/latest/meta-data"));
        JsonHttp.Response response = fixture.api.post(fixture.stack.apiUrl() + "/instances", body.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("configuration.event.notification.callback.url");
    }

    private static String sign(String secret, ReceivedRequest request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
