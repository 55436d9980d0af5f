package com.sage200events.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.json.Json;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad {@code POST /instances} bodies get a 400 that names the field; never a 500. */
class InstancesApiValidationIT {

    private static final String ACCOUNT = "User " + SchedulerConfig.DEV_USER_SECRET + ", Organization " + SchedulerConfig.DEV_ORGANIZATION_SECRET;
    private static Scheduler scheduler;
    private static JsonHttp api;

    @BeforeAll
    static void start() {
        String prefix = TestKafka.uniquePrefix();
        ServiceEnvironment env = new ServiceEnvironment(TestKafka.bootstrapServers(), TestRedis.endpoint().uri(), prefix, prefix,
                SageEndpoints.production(), 1, (short) 1);
        scheduler = Scheduler.start(env, SchedulerConfig.fromEnv(Map.of()).withPort(0, null),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        api = JsonHttp.withHeaders(Map.of("Authorization", ACCOUNT));
    }

    @AfterAll
    static void stop() {
        scheduler.close();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"element\": ", "body"),
                Arguments.of("an array", "[1,2]", "body"),
                Arguments.of("no element.key", mutate(b -> b.remove("element")), "element.key"),
                Arguments.of("unknown element", mutate(b -> ((ObjectNode) b.get("element")).put("key", "netsuite")), "element.key"),
                Arguments.of("non-numeric refresh interval", mutate(b -> config(b).put("event.poller.refresh_interval", "soon")),
                        "configuration.event.poller.refresh_interval"),
                Arguments.of("empty url", mutate(b -> poller(b, "customers").put("url", "")),
                        "configuration.event.poller.configuration.customers.url"),
                Arguments.of("callback not http(s)", mutate(b -> config(b).put("event.notification.callback.url", "ftp://example.com/x")),
                        "configuration.event.notification.callback.url"),
                Arguments.of("unknown hub resource", mutate(b -> poller(b, "products").put("url", "/hubs/finance/unicorns")),
                        "configuration.event.poller.configuration.products.url"),
                Arguments.of("untranslatable where", mutate(b -> poller(b, "invoices").put("url", "/hubs/finance/invoices?where=a LIKE 'x%y'")),
                        "configuration.event.poller.configuration.invoices.url"),
                Arguments.of("bad date format", mutate(b -> ((ObjectNode) poller(b, "warehouses").get("datesConfiguration"))
                        .put("updatedDateFormat", "yyyy-qq")), "configuration.event.poller.configuration.warehouses.datesConfiguration.updatedDateFormat"),
                Arguments.of("blank updatedDateField", mutate(b -> ((ObjectNode) poller(b, "customers").get("datesConfiguration"))
                        .put("updatedDateField", "")), "configuration.event.poller.configuration.customers.datesConfiguration.updatedDateField"),
                Arguments.of("blank providerData.code", mutate(b -> b.putObject("providerData").put("code", "")), "providerData.code"),
                Arguments.of("configuration of wrong type", mutate(b -> b.put("configuration", "yes")), "configuration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIsRefusedNamingTheField(String what, String body, String field) {
        JsonHttp.Response response = api.post(scheduler.url() + "/instances", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(e -> e.get("field").asText()).contains(field);
        assertThat(response.json().get("errors")).allSatisfy(e -> assertThat(e.get("message").asText()).isNotBlank());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String body = mutate(b -> {
            config(b).put("event.poller.refresh_interval", "x");
            config(b).remove("company.name");
            poller(b, "customers").remove("idField");
        });
        JsonNode errors = api.post(scheduler.url() + "/instances", body).json().get("errors");
        assertThat(errors).extracting(e -> e.get("field").asText()).contains(
                "configuration.event.poller.refresh_interval", "configuration.company.name",
                "configuration.event.poller.configuration.customers.idField");
    }

    @Test
    void missingOrWrongCredentialsAre401() {
        String body = mutate(b -> { });
        assertThat(JsonHttp.withHeaders(Map.of()).post(scheduler.url() + "/instances", body).status()).isEqualTo(401);
        assertThat(JsonHttp.withHeaders(Map.of("Authorization", "User dev-user-secret, Organization wrong"))
                .post(scheduler.url() + "/instances", body).status()).isEqualTo(401);
        assertThat(JsonHttp.withHeaders(Map.of("Authorization", "Bearer abc")).get(scheduler.url() + "/instances").status()).isEqualTo(401);
    }

    private static String mutate(Consumer<ObjectNode> change) {
        ObjectNode body = (ObjectNode) Json.tree(seedExample());
        change.accept(body);
        return body.toString();
    }

    private static ObjectNode config(ObjectNode body) {
        return (ObjectNode) body.get("configuration");
    }

    private static ObjectNode poller(ObjectNode body, String resource) {
        return (ObjectNode) config(body).get("event.poller.configuration").get(resource);
    }

    private static String seedExample() {
        try {
            return Files.readString(Path.of("..", "examples", "seed-instance.json"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
