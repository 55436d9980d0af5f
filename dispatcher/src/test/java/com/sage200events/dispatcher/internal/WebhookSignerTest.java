package com.sage200events.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceValidator;
import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void noSecretMeansNoStandardSignatureButTheIdsAndTimestampAreStillSent() throws Exception {
        ObjectNode configuration = (ObjectNode) Json.tree(Files.readString(Path.of("..", "examples", "seed-instance.json"))).get("configuration");
        InstanceSettings settings = InstanceValidator.settings(configuration);
        Map<String, String> headers = WebhookSigner.headers(settings, List.of(), "msg_1", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(headers).containsEntry("webhook-id", "msg_1").containsEntry("Elements-Webhook-Id", "msg_1")
                .containsEntry("webhook-timestamp", "1700000000").doesNotContainKey("webhook-signature")
                .doesNotContainKey("Elements-Webhook-Signature");
    }

    @Test
    void standardSignatureVerifiesWithTheReferenceLibrary() throws Exception {
        ObjectNode configuration = (ObjectNode) Json.tree(Files.readString(Path.of("..", "examples", "seed-instance.json"))).get("configuration");
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"message\":{\"eventId\":\"msg_1\"}}".getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = WebhookSigner.headers(InstanceValidator.settings(configuration), List.of(secret), "msg_1", now, body);
        Map<String, List<String>> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> received.put(k, List.of(v)));
        new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), received);
    }
}
