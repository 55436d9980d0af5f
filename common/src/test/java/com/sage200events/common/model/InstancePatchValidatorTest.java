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
    void readOnlyFieldsAreRefusedNamingEachWhileUnknownFieldsAreWarnedAbout() {
        // The reviewer's inputs: each was a silent 200 that changed nothing.
        for (String field : List.of("{\"id\": 5}", "{\"token\": \"abc\"}", "{\"status\": \"ACTIVE\"}")) {
            String name = Json.tree(field).fieldNames().next();
            assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree(field), current))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).singleElement()
                            .satisfies(error -> {
                                assertThat(error.field()).isEqualTo(name);
                                assertThat(error.message()).startsWith("is read-only");
                            }));
        }
        // Sent back unchanged too: no flow of the manual sends a read body back, so a client sending one believes it
        // changes something.
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree("""
                {"id": 7, "eventsEnabled": true, "createdDate": "1970-01-01T00:00:00Z", "name": "renamed"}
                """), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder("id", "eventsEnabled", "createdDate"));

        InstancePatch patch = InstancePatchValidator.validate(Json.tree(
                "{\"element\": {\"key\": \"sage200\"}, \"disabled\": true}"), current);
        assertThat(patch.warnings()).contains("disabled: unknown field, ignored");
    }

    @Test
    void configurationOrElementSentAsNullIsRefusedNotIgnored() {
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree("{\"configuration\": null}"), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("configuration");
                    assertThat(error.message()).contains("cannot be removed");
                }));
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree("{\"element\": null}"), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("element"));
        // tags: null is the merge patch's "remove": no tags.
        assertThat(InstancePatchValidator.validate(Json.tree("{\"tags\": null}"), current).tags()).isEmpty();
    }

    @Test
    void aBlankDatesConfigurationValueOrProviderCodeIsRefusedRatherThanReadAsLeftOut() {
        String root = "configuration.event.poller.configuration.customers.datesConfiguration.";
        assertThatThrownBy(() -> InstancePatchValidator.validate(Json.tree("""
                {"configuration": {"event.poller.configuration": {"customers": {"datesConfiguration":
                    {"updatedDateField": "", "createdDateFormat": " ", "updatedDateTimezone": ""}}}},
                 "providerData": {"code": ""}}
                """), current))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder(root + "updatedDateField", root + "createdDateFormat",
                                root + "updatedDateTimezone", "providerData.code"));
    }

    @Test
    void aWhereClauseWithoutADatePlaceholderIsAcceptedWithAWarningThatEveryPollReadsTheWholeResource() {
        InstancePatch patch = InstancePatchValidator.validate(Json.tree("""
                {"configuration": {"event.poller.configuration": {
                    "customers": {"url": "/hubs/finance/customers?where=id>1"},
                    "products": {"url": "/hubs/finance/products"}}}}
                """), current);
        String root = "configuration.event.poller.configuration.";
        assertThat(patch.warnings())
                .anySatisfy(w -> assertThat(w).startsWith(root + "customers.url: its where clause has no date placeholder")
                        .contains("every poll reads the whole resource"))
                .anySatisfy(w -> assertThat(w).startsWith(root + "products.url: has no where clause")
                        .contains("every poll reads the whole resource"))
                .noneMatch(w -> w.startsWith(root + "invoices.url"));
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
