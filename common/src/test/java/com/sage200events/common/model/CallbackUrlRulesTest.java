package com.sage200events.common.model;

import static com.sage200events.common.testing.InstanceBuilder.anInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The review's callback URLs, through create and PATCH validation: each is one error naming
 * {@code configuration.event.notification.callback.url}, while a stored instance from before the rules still loads.
 */
class CallbackUrlRulesTest {

    private static final String FIELD = "configuration.event.notification.callback.url";

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:99999/ok", "http://127.0.0.1:0/ok", "http:///x", "http://[fe80::1%25eth0]/x",
            " http://127.0.0.1:9999/ok", "http://127.0.0.1:9999/ok#access_token=abc", "http://127.0.0.1:9999/ok;token=abc",
            "http://127.0.0.1:9999/ok?credential=abc", "http://127.0.0.1:9999/ok?auth=abc", "http://u:abc@127.0.0.1:9999/ok",
            "ftp://127.0.0.1/ok"})
    void createAndPatchRefuseItNamingTheCallbackField(String url) {
        ObjectNode body = seed();
        ((ObjectNode) body.get("configuration")).put("event.notification.callback.url", url);
        assertRefusedOnce(() -> InstanceValidator.validateCreate(body));

        String patch = Json.toString(Map.of("configuration", Map.of("event.notification.callback.url", url)));
        assertRefusedOnce(() -> InstancePatchValidator.validate(Json.tree(patch), stored((ObjectNode) seed().get("configuration"))));
    }

    @Test
    void theOauthCallbackUrlIsHeldToTheSameShape() {
        ObjectNode body = seed();
        ((ObjectNode) body.get("configuration")).put("oauth.callback.url", "https://ui.example.com:70000/cb#state");
        assertThatThrownBy(() -> InstanceValidator.validateCreate(body))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsOnly("configuration.oauth.callback.url"));
    }

    @Test
    void aStoredInstanceFromBeforeTheRulesStillLoads() {
        ObjectNode configuration = (ObjectNode) seed().get("configuration");
        configuration.put("event.notification.callback.url", "http://127.0.0.1:99999/ok#x");
        // Reading never applies request rules: the dispatcher's guard parks its deliveries with the reason instead.
        assertThat(stored(configuration).settings().callbackUrl()).hasValue("http://127.0.0.1:99999/ok#x");
    }

    private static void assertRefusedOnce(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.errors()).extracting(FieldError::field).containsExactly(FIELD);
            assertThat(e.errors().get(0).message()).doesNotContain("abc");
        });
    }

    private static StoredInstance stored(ObjectNode configuration) {
        return anInstance().withId(7).withOrganization("org").withName("name").withTags(List.of("t")).createdAt(Instant.EPOCH)
                .withConfiguration(configuration).withTokenHash("hash").build();
    }

    private static ObjectNode seed() {
        try {
            return (ObjectNode) Json.tree(Files.readString(Path.of("..", "examples", "seed-instance.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
