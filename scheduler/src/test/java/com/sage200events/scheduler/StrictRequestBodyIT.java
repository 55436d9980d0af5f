package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17 item 6 and issue 16's fuzz kinds, one by one: a key given twice anywhere in a body, bytes that are not
 * UTF-8 and a number too large to hold each get a 400 naming the field, on every route that takes a body; the seed
 * document's example still passes.
 */
class StrictRequestBodyIT {

    private static SchedulerFixture fixture;
    private static Tenant tenant;
    private static long instance;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("strict");
        instance = fixture.create(tenant, seed()).get("id").asLong();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theSeedDocumentsExampleIsStillAccepted() {
        JsonHttp.Response created = tenant.api().post(fixture.url("/instances"), SchedulerFixture.seedText());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void aResourceGivenTwiceIsRefusedNamingIt() {
        // The input of issue 17: "nominal-codes" twice in event.poller.configuration got a 201 and the second won.
        String entry = "{\"url\": \"/hubs/finance/nominal-codes\", \"idField\": \"id\"}";
        String body = seed().toString().replace("\"event.poller.configuration\":{",
                "\"event.poller.configuration\":{\"nominal-codes\":" + entry + ",\"nominal-codes\":" + entry + ",");
        assertThat(body).contains("\"nominal-codes\":" + entry + ",\"nominal-codes\"");

        JsonHttp.Response response = tenant.api().post(fixture.url("/instances"), body);

        assertRefused(response, "configuration.event.poller.configuration.nominal-codes", "twice");
    }

    static Stream<Arguments> everyRouteWithABody() {
        return Stream.of(
                Arguments.of("POST", "/instances", "{\"name\": \"a\", \"name\": \"b\"}", "name"),
                Arguments.of("POST", "/instances", "{\"configuration\": {\"company.name\": \"x\", \"company.name\": \"y\"}}",
                        "configuration.company.name"),
                Arguments.of("POST", "/instances", "{\"tags\": [{\"k\": 1, \"k\": 2}]}", "tags[0].k"),
                Arguments.of("PATCH", "/instances/{id}", "{\"configuration\": {\"event.poller.refresh_interval\": \"5\","
                        + " \"event.poller.refresh_interval\": \"6\"}}", "configuration.event.poller.refresh_interval"),
                Arguments.of("ADMIN", "/organizations", "{\"name\": \"a\", \"name\": \"b\"}", "name"),
                Arguments.of("ADMIN", "/organizations/{org}/users", "{\"email\": \"a@x\", \"email\": \"b@x\"}", "email"));
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("everyRouteWithABody")
    void aDuplicateKeyGetsA400NamingTheKeyOnEveryRouteThatTakesABody(String method, String path, String body, String field) {
        String url = fixture.url(path.replace("{id}", Long.toString(instance)).replace("{org}", tenant.organization()));
        JsonHttp.Response response = switch (method) {
            case "ADMIN" -> fixture.admin().post(url, body);
            case "PATCH" -> tenant.api().send("PATCH", url, body);
            default -> tenant.api().post(url, body);
        };
        assertRefused(response, field, "twice");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotTurnedIntoReplacementCharacters() throws Exception {
        byte[] seed = SchedulerFixture.seedText().getBytes(StandardCharsets.UTF_8);
        String marker = "myCoolInstance";
        int at = SchedulerFixture.seedText().indexOf(marker);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(seed, 0, at);
        body.write(new byte[] {'B', (byte) 0xBE, 'e'}); // %Be of issue 17 as a raw byte: a lone continuation byte
        body.write(seed, at + marker.length(), seed.length - at - marker.length());

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fixture.url("/instances")))
                .header("Authorization", tenant.accountHeader()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());

        assertRefused(new JsonHttp.Response(response.statusCode(), response.body()), "body", "UTF-8");
    }

    @Test
    void aNumberTooLargeToHoldIsRefusedNamingItsField() {
        String body = seed().toString().replace("\"event.poller.refresh_interval\":\"15\"", "\"event.poller.refresh_interval\":1e999999");
        assertThat(body).contains("1e999999");
        assertRefused(tenant.api().post(fixture.url("/instances"), body), "configuration.event.poller.refresh_interval", "too large");
        assertRefused(tenant.api().post(fixture.url("/instances"), "{\"x\": [-1e999999]}"), "x[0]", "too large");
    }

    private static void assertRefused(JsonHttp.Response response, String field, String reason) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).anySatisfy(e -> {
            assertThat(e.get("field").asText()).isEqualTo(field);
            assertThat(e.get("message").asText()).contains(reason);
        });
    }
}
