package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organization B can read, change, delete, poll or redeliver nothing of organization A's, whatever credentials it
 * combines. Every route Javalin serves with an {@code {id}} is tried (so routes added later, such as the
 * redeliver endpoints, are covered the day they appear), plus the redeliver paths explicitly.
 */
class CrossTenantIT {

    private static final String PATCH = "{\"name\": \"pwned\", \"configuration\": "
            + "{\"event.notification.callback.url\": \"https://evil.example.com/steal\", \"event.poller.refresh_interval\": 1}}";

    private static SchedulerFixture fixture;
    private static Tenant a;
    private static Tenant b;
    private static long instanceOfA;
    private static String tokenOfA;
    private static String tokenOfB;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        a = fixture.newTenant("tenant-a");
        b = fixture.newTenant("tenant-b");
        ObjectNode body = seed();
        String callback = fixture.url("/elements/sage200/oauth/callback");
        body.putObject("providerData").put("code", fixture.sageCode(configuration(body).get("oauth.api.key").asText(), callback));
        JsonNode created = fixture.create(a, body);
        instanceOfA = created.get("id").asLong();
        tokenOfA = created.get("token").asText();
        tokenOfB = fixture.create(b, seed()).get("token").asText();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void organizationBReachesNothingOfOrganizationAWithAnyCredentials() {
        String before = a.api().get(fixture.url("/instances/" + instanceOfA)).body();
        Map<String, Integer> headers = headerCombinations();
        List<String> attempts = new ArrayList<>();

        for (String route : routesAbout(instanceOfA)) {
            String method = route.substring(0, route.indexOf(' '));
            String url = fixture.url(route.substring(route.indexOf(' ') + 1));
            for (Map.Entry<String, Integer> header : headers.entrySet()) {
                if (route.contains("/organizations/") && header.getKey().startsWith("Bearer ")) {
                    continue; // the operator's token is meant to manage organizations
                }
                JsonHttp client = JsonHttp.withHeaders(header.getKey().isEmpty() ? Map.of() : Map.of("Authorization", header.getKey()));
                JsonHttp.Response response = client.send(method, url, method.equals("GET") || method.equals("DELETE") ? "" : PATCH);
                int expected = route.contains("/organizations/") ? 401 : header.getValue();
                assertThat(response.status()).as("%s with '%s': %s", route, redact(header.getKey()), response.body()).isEqualTo(expected);
                attempts.add(route);
            }
        }

        assertThat(attempts).hasSizeGreaterThan(100);
        assertThat(a.api().get(fixture.url("/instances/" + instanceOfA)).body()).as("A's instance, unchanged").isEqualTo(before);
        assertThat(new SageTokenStore(fixture.redis, new RedisKeys(fixture.prefix)).find(instanceOfA)).isPresent();
        assertThat(fixture.scheduler.scheduledInterval(instanceOfA)).hasValueSatisfying(i -> assertThat(i.toMinutes()).isEqualTo(15));
        assertThat(manualPollsOf(instanceOfA)).as("poll tasks B managed to publish for A").isEmpty();

        // The probe works: A's own poll does show up.
        assertThat(a.api().post(fixture.url("/instances/" + instanceOfA + "/events/poll?resource=customers"), "").status()).isEqualTo(202);
        assertThat(manualPollsOf(instanceOfA)).extracting(PollTask::resource).containsExactly("customers");
    }

    @Test
    void organizationBsListHoldsNoneOfAsInstances() {
        JsonNode list = b.api().get(fixture.url("/instances?pageSize=200")).json();
        assertThat(list).isNotEmpty().extracting(n -> n.get("id").asLong()).doesNotContain(instanceOfA);
        assertThat(a.api().get(fixture.url("/instances?pageSize=200")).json()).extracting(n -> n.get("id").asLong()).contains(instanceOfA);
    }

    @Test
    void theRedeliverEndpointsAre404ForBWhetherOrNotTheyExist() {
        for (String path : List.of("/events/redeliver", "/events/x/redeliver", "/events/redeliver/x", "/events")) {
            for (String method : List.of("POST", "GET")) {
                JsonHttp.Response response = b.api().send(method, fixture.url("/instances/" + instanceOfA + path), "");
                assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(404);
            }
        }
    }

    /** Every served route about one instance (or one organization), with A's ids and a placeholder for the rest. */
    private static Set<String> routesAbout(long id) {
        Set<String> routes = new LinkedHashSet<>();
        for (String route : fixture.scheduler.routes()) {
            if (route.contains("/instances/{id}")) {
                routes.add(route.replace("{id}", Long.toString(id)).replaceAll("\\{[^}]+}", "x"));
            } else if (route.contains("/organizations/{id}")) {
                routes.add(route.replace("{id}", a.organization()).replaceAll("\\{[^}]+}", "x"));
            }
        }
        assertThat(routes).contains("GET /instances/" + id, "PATCH /instances/" + id, "DELETE /instances/" + id,
                "POST /instances/" + id + "/events/poll", "PUT /instances/" + id + "/enabled");
        return routes;
    }

    /** Authorization headers B could send, and what each must get: 404 when B is authenticated, else 401. */
    private static Map<String, Integer> headerCombinations() {
        Map<String, Integer> headers = new LinkedHashMap<>();
        headers.put(b.accountHeader(), 404);
        headers.put("Organization " + b.organizationSecret() + ", User " + b.userSecret(), 404);
        headers.put("user " + b.userSecret() + " ,  organization " + b.organizationSecret(), 404);
        headers.put("User " + b.userSecret() + ", Element " + tokenOfA, 404);
        headers.put("User " + b.userSecret() + ", Element " + tokenOfB, 404);
        headers.put(SchedulerFixture.DEV_ACCOUNT, 404);
        headers.put("User " + SchedulerConfig.DEV_USER_SECRET + ", Element " + tokenOfA, 404);
        headers.put("User " + a.userSecret() + ", Organization " + b.organizationSecret(), 401);
        headers.put("User " + b.userSecret() + ", Organization " + a.organizationSecret(), 401);
        headers.put("User " + b.userSecret() + ", Organization " + b.organizationSecret() + ", Element " + tokenOfA, 401);
        headers.put("User " + b.userSecret() + ", Organization " + a.organizationSecret() + ", Element " + tokenOfA, 401);
        headers.put("User " + b.userSecret(), 401);
        headers.put("Element " + tokenOfA, 401);
        headers.put("Organization " + a.organizationSecret(), 401);
        headers.put("User , Element " + tokenOfA, 401);
        headers.put("User " + tokenOfA + ", Element " + tokenOfA, 401);
        headers.put("Bearer " + fixture.adminToken, 401);
        headers.put("Basic " + b.userSecret(), 401);
        headers.put("", 401);
        return headers;
    }

    private static List<PollTask> manualPollsOf(long id) {
        return fixture.pollTasks().stream().filter(t -> t.instanceId() == id && t.reason().equals("MANUAL")).toList();
    }

    private static String redact(String header) {
        return header.replaceAll("(User|Organization|Element|Bearer|Basic)\\s+\\S{6}\\S*", "$1 …");
    }
}
