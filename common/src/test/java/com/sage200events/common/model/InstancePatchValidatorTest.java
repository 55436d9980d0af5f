package com.sage200events.common.model;

import static com.sage200events.common.testing.InstanceBuilder.anInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstancePatchValidatorTest {

    private final StoredInstance current = anInstance().withId(7).withOrganization("org").withName("name")
            .withTags(List.of("t")).createdAt(Instant.EPOCH).withConfiguration((ObjectNode) Json.tree(seed()).get("configuration"))
            .withTokenHash("hash").build();

    @Test
    void aPatchMergesKeyByKeyAndNullRemoves() {
        InstancePatch patch = InstancePatchValidator.validate(Json.tree("""
                {"configuration": {"event.poller.refresh_interval": 5,
                                   "event.poller.configuration": {"customers": {"pageSize": 50}, "products": null}}}
                """), current);
        assertThat(patch.settings().refreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(patch.settings().pollers()).doesNotContainKey("products").containsKey("customers");
        assertThat(patch.settings().pollers().get("customers").pageSize()).isEqualTo(50);
        assertThat(patch.settings().pollers().get("customers").url()).isEqualTo(current.settings().pollers().get("customers").url());
        assertThat(patch.name()).isEqualTo("name");
        assertThat(patch.tags()).containsExactly("t");
    }

    @Test
    void detectDeletesIsOffByDefaultEveryTenPollsWhenOnAndItsFieldsAreValidatedByName() {
        ResourcePoller plain = current.settings().pollers().get("customers");
        assertThat(plain.detectDeletes()).isFalse();
        assertThat(plain.detectDeletesEvery()).isEqualTo(ResourcePoller.DEFAULT_DETECT_DELETES_EVERY);
        InstancePatch patch = InstancePatchValidator.validate(Json.tree("""
                {"configuration": {"event.poller.configuration": {"customers": {"detectDeletes": true, "detectDeletesEvery": "3"}}}}
                """), current);
        assertThat(patch.settings().pollers().get("customers").detectDeletes()).isTrue();
        assertThat(patch.settings().pollers().get("customers").detectDeletesEvery()).isEqualTo(3);

        String root = "configuration.event.poller.configuration.";
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree("""
                {"configuration": {"event.poller.configuration": {
                   "customers": {"detectDeletes": "yes", "detectDeletesEvery": 0},
                   "products": {"detectDeletes": true, "idField": "code", "detectDeletesEvery": 1.5}}}}
                """), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder(root + "customers.detectDeletes", root + "customers.detectDeletesEvery",
                                root + "products.detectDeletes", root + "products.detectDeletesEvery"));
    }

    @Test
    void aMaskedSecretKeepsTheStoredValueButAMaskWithNothingStoredIsRefused() {
        InstancePatch patch = InstancePatchValidator.validate(Json.tree(
                "{\"configuration\": {\"event.notification.basic.password\": \"********\"}}"), current);
        assertThat(patch.settings().basicPassword()).hasValue("P@$$w0rd");
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree(
                "{\"configuration\": {\"event.notification.signature.key\": \"********\"}}"), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("configuration.event.notification.signature.key"));
    }

    @Test
    void everyProblemOfTheMergedResultIsReported() {
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree("""
                {"name": "", "tags": "x", "configuration": {"company.name": null, "event.poller.refresh_interval": 99999999999999999999}}
                """), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder("name", "tags", "configuration.company.name", "configuration.event.poller.refresh_interval"));
    }

    @Test
    void readOnlyFieldsOfOurViewAreIgnoredAndOthersWarnedAbout() {
        InstancePatch patch = InstancePatchValidator.validate(Json.tree(
                "{\"id\": 7, \"status\": \"ACTIVE\", \"element\": {\"key\": \"sage200\"}, \"disabled\": true}"), current);
        assertThat(patch.warnings()).contains("disabled: unknown field, ignored").noneMatch(w -> w.startsWith("id:"));
    }

    @Test
    void secretsMustBeStringsAndNestingIsBounded() {
        String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree(
                "{\"configuration\": {\"my.password\": {\"x\": 1}, \"custom\": " + deep + "}}"), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder("configuration.my.password", "configuration.custom"));
    }

    private static String seed() {
        try {
            return Files.readString(Path.of("..", "examples", "seed-instance.json"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
