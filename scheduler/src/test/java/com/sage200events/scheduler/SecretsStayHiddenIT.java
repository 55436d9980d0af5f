package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.common.sage.SageTokens;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * After creating, reading, patching, polling and failing in every way we know, no secret value appears in any
 * response, any log line (ours at DEBUG included) or anywhere in Redis under the test's key prefix.
 */
class SecretsStayHiddenIT {

    private static CapturedLogs logs;
    private static SchedulerFixture fixture;

    @BeforeAll
    static void start() {
        logs = CapturedLogs.start();
        fixture = new SchedulerFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
        logs.close();
    }

    @Test
    void noSecretAppearsInResponsesLogsOrRedis() throws Exception {
        Tenant tenant = fixture.newTenant("secretive");
        List<String> secrets = new ArrayList<>(List.of(tenant.userSecret(), tenant.organizationSecret(), fixture.adminToken));
        List<JsonHttp.Response> responses = new ArrayList<>();

        ObjectNode body = seed();
        ObjectNode config = configuration(body);
        String apiKey = config.get("oauth.api.key").asText();
        for (String key : List.of("oauth.api.secret", "subscription.key", "signing.key", "event.notification.basic.password",
                "event.notification.signature.key", "my.private.token")) {
            config.put(key, secret(secrets));
        }
        String refreshToken = refreshToken(apiKey);
        secrets.add(refreshToken);
        config.put("oauth.refresh.token", refreshToken);

        JsonHttp.Response created = record(responses, () -> tenant.api().post(fixture.url("/instances"), body.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        // Shown once, in the create response only: the instance token and any webhook signing secret.
        List<String> issued = new ArrayList<>(List.of(created.json().get("token").asText()));
        collectText(created.json(), v -> v.startsWith("whsec_"), issued);
        String token = issued.get(0);
        responses.remove(created);
        assertThat(secrets).allSatisfy(s -> assertThat(created.body()).doesNotContain(s));
        secrets.addAll(issued);
        SageTokens sageTokens = new SageTokenStore(fixture.redis, new RedisKeys(fixture.prefix)).find(id).orElseThrow();
        secrets.add(sageTokens.accessToken());
        secrets.add(sageTokens.refreshToken());

        String base = "/instances/" + id;
        record(responses, () -> tenant.api().get(fixture.url(base)));
        record(responses, () -> tenant.element(token).get(fixture.url(base)));
        record(responses, () -> tenant.api().get(fixture.url("/instances")));
        record(responses, () -> tenant.api().get(fixture.url(base + "/status")));
        String patch = "{\"configuration\": {\"event.notification.basic.password\": \"" + secret(secrets)
                + "\", \"event.notification.signature.key\": \"" + secret(secrets)
                + "\", \"event.notification.callback.url\": \"http://127.0.0.1:9/x\"}}";
        assertThat(record(responses, () -> tenant.api().send("PATCH", fixture.url(base), patch)).status()).isEqualTo(200);
        assertThat(record(responses, () -> tenant.api().post(fixture.url(base + "/events/poll"), "")).status()).isEqualTo(202);
        record(responses, () -> tenant.api().post(fixture.url(base + "/authorization"), ""));

        // Failing: Sage refuses a refresh token and a code, the body is invalid around secrets, the caller is wrong.
        String deadToken = secret(secrets);
        assertThat(record(responses, () -> tenant.api().send("PATCH", fixture.url(base),
                "{\"configuration\": {\"oauth.refresh.token\": \"" + deadToken + "\"}}")).status()).isEqualTo(400);
        ObjectNode badCode = seed();
        configuration(badCode).put("oauth.api.secret", secret(secrets));
        badCode.putObject("providerData").put("code", secret(secrets));
        assertThat(record(responses, () -> tenant.api().post(fixture.url("/instances"), badCode.toString())).status()).isEqualTo(400);
        ObjectNode invalid = seed();
        configuration(invalid).put("signing.key", secret(secrets)).put("event.poller.refresh_interval", "never")
                .put("event.notification.basic.password", secret(secrets)).remove("event.notification.basic.username");
        configuration(invalid).putObject("secret.nested").put("x", secret(secrets));
        assertThat(record(responses, () -> tenant.api().post(fixture.url("/instances"), invalid.toString())).status()).isEqualTo(400);
        String truncated = body.toString().substring(0, body.toString().length() / 2);
        assertThat(record(responses, () -> tenant.api().post(fixture.url("/instances"), truncated)).status()).isEqualTo(400);
        assertThat(record(responses, () -> JsonHttp.withHeaders(Map.of("Authorization", "User " + tenant.userSecret()
                + ", Organization " + secret(secrets))).get(fixture.url(base))).status()).isEqualTo(401);
        assertThat(record(responses, () -> JsonHttp.withHeaders(Map.of())
                .get(fixture.url("/elements/sage200/oauth/callback?state=" + secret(secrets) + "&code=" + secret(secrets)))).status())
                .isEqualTo(400);

        for (JsonHttp.Response response : responses) {
            String seen = response.body() + response.headers();
            assertThat(secrets).allSatisfy(s -> assertThat(seen).as("a response").doesNotContain(s));
        }
        List<String> lines = logs.ourLines();
        assertThat(lines).as("the log capture works").anySatisfy(l -> assertThat(l).contains("instance " + id + " created"));
        for (String line : lines) {
            assertThat(secrets).allSatisfy(s -> assertThat(line).as("a log line").doesNotContain(s));
        }
        List<String> stored = redisValues();
        assertThat(stored).as("secrets are stored, sealed").anySatisfy(v -> assertThat(v).contains("enc:v1:"));
        for (String value : stored) {
            assertThat(secrets).allSatisfy(s -> assertThat(value).as("a Redis value").doesNotContain(s));
        }
        String tasks = Json.toString(fixture.pollTasks());
        assertThat(secrets).allSatisfy(s -> assertThat(tasks).doesNotContain(s));
    }

    private static void collectText(JsonNode node, Predicate<String> wanted, List<String> into) {
        if (node.isTextual() && wanted.test(node.asText())) {
            into.add(node.asText());
        }
        node.elements().forEachRemaining(child -> collectText(child, wanted, into));
    }

    private static JsonHttp.Response record(List<JsonHttp.Response> responses, Supplier<JsonHttp.Response> call) {
        JsonHttp.Response response = call.get();
        responses.add(response);
        return response;
    }

    /** A fresh secret, long and unique enough that finding it anywhere means it leaked. */
    private static String secret(List<String> secrets) {
        String secret = "S3cr3t-" + UUID.randomUUID();
        secrets.add(secret);
        return secret;
    }

    private static String refreshToken(String clientId) throws Exception {
        String redirect = "https://ui.example.com/cb";
        SageEndpoints endpoints = new SageEndpoints(fixture.sandbox.baseUrl(), fixture.sandbox.apiBaseUrl(), null);
        return new SageIdClient(HttpClient.newHttpClient(), endpoints, Clock.systemUTC())
                .exchangeCode(clientId, "any", fixture.sageCode(clientId, redirect), redirect).refreshToken();
    }

    /** Every key and value under the test's prefix, whatever the type. */
    private static List<String> redisValues() {
        List<String> values = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = fixture.redis.scan(cursor, new ScanParams().match(fixture.prefix + "*").count(500));
            for (String key : page.getResult()) {
                values.add(key);
                switch (fixture.redis.type(key)) {
                    case "string" -> values.add(fixture.redis.get(key));
                    case "hash" -> values.add(fixture.redis.hgetAll(key).toString());
                    case "set" -> values.add(fixture.redis.smembers(key).toString());
                    case "zset" -> values.add(fixture.redis.zrange(key, 0, -1).toString());
                    case "list" -> values.add(fixture.redis.lrange(key, 0, -1).toString());
                    case "stream" -> fixture.redis.xrange(key, "-", "+").stream().map(StreamEntry::getFields)
                            .forEach(f -> values.add(f.toString()));
                    default -> values.add(fixture.redis.type(key));
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return values;
    }
}
