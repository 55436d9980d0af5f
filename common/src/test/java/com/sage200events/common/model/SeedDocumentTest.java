package com.sage200events.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.json.Json;
import com.sage200events.common.poll.HubResource;
import com.sage200events.testkit.UserManual;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The user's manual (the seed document) is our contract: both of its JSON examples, verbatim. */
class SeedDocumentTest {

    @Test
    void theExampleWithPollingIsAcceptedAsItIs() {
        InstanceRequest request = InstanceValidator.validateCreate(Json.tree(example()));
        InstanceSettings settings = request.settings();
        assertThat(request.name()).isEqualTo("myCoolInstance");
        assertThat(request.tags()).containsExactly("API_Polling_Sage200");
        assertThat(settings.companyName()).isEqualTo("Cloud-Elements Demodata");
        assertThat(settings.refreshInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.eventsEnabled()).isTrue();
        assertThat(settings.basicPassword()).hasValue("P@$$w0rd");
        assertThat(settings.pollers()).containsOnlyKeys("customers", "payments", "invoices", "products", "transactions",
                "warehouse-holdings", "warehouses");
        assertThat(settings.pollers().get("transactions").hubResource()).isEqualTo(HubResource.CUSTOMERS);
        assertThat(settings.pollers().get("payments").hubResource()).isEqualTo(HubResource.PAYMENTS);
        assertThat(settings.pollers().get("customers").dates().updatedDateField()).isEqualTo("updated_at");
        assertThat(request.warnings()).anySatisfy(w -> assertThat(w).contains("transactions").contains("polls customers"))
                .noneMatch(w -> w.contains("whole resource"));
    }

    @Test
    void theExampleWithABlankUpdatedDateFieldIsRefusedNamingIt() {
        ObjectNode body = (ObjectNode) Json.tree(example());
        ((ObjectNode) body.at("/configuration/event.poller.configuration/customers/datesConfiguration")).put("updatedDateField", "");
        assertThatThrownBy(() -> InstanceValidator.validateCreate(body))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("configuration.event.poller.configuration.customers.datesConfiguration.updatedDateField"));
        // A rule of requests only: an instance stored with one before keeps polling, with the default.
        assertThat(InstanceValidator.settings((ObjectNode) body.get("configuration")).pollers().get("customers").dates()
                .updatedDateField()).isEqualTo("updated_at");
    }

    @Test
    void theExampleWithAWhereClauseWithoutADatePlaceholderIsAcceptedWithAWarning() {
        ObjectNode body = (ObjectNode) Json.tree(example());
        ((ObjectNode) body.at("/configuration/event.poller.configuration/customers")).put("url", "/hubs/finance/customers?where=id>1");
        assertThat(InstanceValidator.validateCreate(body).warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("configuration.event.poller.configuration.customers.url: its where clause has no date placeholder")
                .contains("every poll reads the whole resource"));
    }

    @Test
    void theExamplesCallbackPassesTheProductionGuardWhetherOrNotItsHostResolvesHere() {
        String callback = Json.tree(example()).at("/configuration/event.notification.callback.url").asText();
        // Without DNS the host does not resolve: a note, not a refusal (the dispatcher checks at connect time).
        assertThat(CallbackUrlGuard.production().verdict(callback).refusal()).isEmpty();
    }

    @Test
    void theRefreshIntervalMayBeANumberToo() {
        ObjectNode body = (ObjectNode) Json.tree(example());
        ((ObjectNode) body.get("configuration")).put("event.poller.refresh_interval", 5);
        assertThat(InstanceValidator.validateCreate(body).settings().refreshInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theTemplateWithItsBlanksIsRefusedNamingEachBlankField() {
        String template = template(); // outside the lambda: without the seed document the test is skipped, not failed
        assertThatThrownBy(() -> InstanceValidator.validateCreate(Json.tree(template)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder(
                                "name", "tags[0]",
                                "configuration.oauth.api.secret", "configuration.oauth.api.key",
                                "configuration.subscription.key", "configuration.signing.key",
                                "configuration.company.name"));
    }

    @Test
    void theTemplateFilledInIsAccepted() {
        ObjectNode body = (ObjectNode) Json.tree(template());
        ObjectNode configuration = (ObjectNode) body.get("configuration");
        Stream.of("oauth.api.secret", "oauth.api.key", "subscription.key", "signing.key").forEach(k -> configuration.put(k, "value-of-" + k));
        configuration.put("company.name", "Cloud-Elements Demodata");
        body.put("name", "filled-in");
        body.set("tags", Json.mapper().valueToTree(List.of("t")));
        assertThat(InstanceValidator.validateCreate(body).settings().pollers()).hasSize(7);
    }

    @Test
    void theShippedExampleIsTheSeedExampleWithOnlyTheCallbackChanged() throws IOException {
        JsonNode shipped = Json.tree(Files.readString(Path.of("..", "examples", "seed-instance.json")));
        ObjectNode seed = (ObjectNode) Json.tree(example());
        ((ObjectNode) seed.get("configuration")).put("event.notification.callback.url", "http://localhost:8070/inbox");
        assertThat(shipped).isEqualTo(seed);
    }

    private static String example() {
        return UserManual.exampleWithPolling();
    }

    private static String template() {
        return UserManual.template();
    }
}
