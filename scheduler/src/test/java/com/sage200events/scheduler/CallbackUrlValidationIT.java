package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.UserManual;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The review of callback URL validation, through the API: a URL no client can call is a 400 naming
 * {@code configuration.event.notification.callback.url} on create and PATCH (not a 201 whose deliveries fail for days),
 * and a host that does not resolve is accepted with a warning (the manual's example, on a machine without DNS), while a
 * host on a refused address is still refused. The tests run with {@code DELIVERY_MODE=dev}.
 */
class CallbackUrlValidationIT {

    private static final String FIELD = "configuration.event.notification.callback.url";
    /** Never resolves (RFC 6761), so it stands for a name whose DNS is down or not yet published. */
    private static final String UNRESOLVABLE = "https://hooks.example.invalid/sage";

    private static SchedulerFixture fixture;
    private static Tenant tenant;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("callback-urls");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:99999/ok", "http://127.0.0.1:0/ok", "http://127.0.0.1:65536/ok", "http:///x",
            "http://:8080/x", "http://[fe80::1%25eth0]:8080/x", "http://2130706433:8080/x", "http://under_score.example.com/x",
            "http://127.0.0.1:8080/a b", "gopher://127.0.0.1:70/x"})
    void aUrlNoClientCanCallIsA400NamingTheFieldOnCreateAndPatch(String url) {
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", url);
        JsonHttp.Response created = tenant.api().post(fixture.url("/instances"), body.toString());
        assertNamesTheField(created);

        long id = fixture.create(tenant, seed()).get("id").asLong();
        JsonHttp.Response patched = tenant.api().send("PATCH", fixture.url("/instances/" + id), callbackPatch(url));
        assertNamesTheField(patched);
        assertThat(callbackOf(id)).isEqualTo("http://localhost:8070/inbox");
    }

    @Test
    void theManualsExampleIsAcceptedVerbatimWithOrWithoutDns() {
        String example = UserManual.exampleWithPolling();

        JsonHttp.Response created = tenant.api().post(fixture.url("/instances"), example);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String callback = Json.tree(example).at("/configuration/event.notification.callback.url").asText();
        assertThat(callbackOf(created.json().get("id").asLong())).isEqualTo(callback);
        if (resolves(URI.create(callback).getHost())) {
            assertThat(created.json().get("warnings")).noneSatisfy(w -> assertThat(w.asText()).startsWith(FIELD));
        } else {
            assertThat(created.json().get("warnings")).anySatisfy(w -> assertThat(w.asText()).startsWith(FIELD + ": host '")
                    .contains("does not resolve"));
        }
    }

    @Test
    void aHostThatDoesNotResolveIsAcceptedWithAWarningOnCreatePatchAndDryRun() {
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", UNRESOLVABLE);
        JsonHttp.Response created = tenant.api().post(fixture.url("/instances"), body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertWarnsItDoesNotResolve(created.json());

        long id = fixture.create(tenant, seed()).get("id").asLong();
        JsonHttp.Response patched = tenant.api().send("PATCH", fixture.url("/instances/" + id), callbackPatch(UNRESOLVABLE));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertWarnsItDoesNotResolve(patched.json());
        assertThat(callbackOf(id)).isEqualTo(UNRESOLVABLE);

        JsonHttp.Response dryRun = tenant.api().post(fixture.url("/instances/dry-run"), body.toString());
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertWarnsItDoesNotResolve(dryRun.json());
    }

    @Test
    void aHostOnARefusedAddressIsStillRefused() {
        // Link-local and cloud metadata are refused in every mode, dev included.
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", "http://169.254.169.254/latest/meta-data");
        JsonHttp.Response created = tenant.api().post(fixture.url("/instances"), body.toString());
        assertNamesTheField(created);
        assertThat(created.json().get("errors").get(0).get("message").asText()).contains("metadata");
    }

    private static void assertNamesTheField(JsonHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly(FIELD);
    }

    private static void assertWarnsItDoesNotResolve(JsonNode answer) {
        assertThat(answer.get("warnings")).anySatisfy(w -> assertThat(w.asText())
                .isEqualTo(FIELD + ": host 'hooks.example.invalid' does not resolve from here now; accepted: each delivery"
                        + " checks the addresses it resolves to then, and is retried while it does not resolve"));
    }

    private static String callbackPatch(String url) {
        return Json.toString(Map.of("configuration", Map.of("event.notification.callback.url", url)));
    }

    private static String callbackOf(long id) {
        JsonHttp.Response stored = tenant.api().get(fixture.url("/instances/" + id));
        SchedulerFixture.require(stored, 200);
        return stored.json().at("/configuration/event.notification.callback.url").asText();
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getAllByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
