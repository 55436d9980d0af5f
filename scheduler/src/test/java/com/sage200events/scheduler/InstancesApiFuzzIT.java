package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand random, mutated and hostile bodies sent to {@code POST /instances} and {@code PATCH /instances/{id}}:
 * {@link FuzzBodies} grows them from the seed document's JSON (wrong types, missing keys, huge strings, deep nesting,
 * bad templates and where clauses, bad date patterns, garbage) and {@link HostileBodies} breaks them at the byte
 * level (nesting 10,000 deep, 10 MB strings, bytes that are not UTF-8, keys given twice, {@code 1e999999}). None may
 * get a 5xx, and every 4xx must name a field. The seed is printed and can be replayed with {@code -Dfuzz.seed=…};
 * {@code -Dfuzz.bodies=…} sets how many (the {@code fuzz-nightly} profile sends 100,000).
 */
class InstancesApiFuzzIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static SchedulerFixture fixture;
    private static Tenant tenant;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("fuzz");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void noBodyGetsA5xxAndEvery4xxNamesAField() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int bodies = Integer.getInteger("fuzz.bodies", 10_000);
        Random random = new Random(seed);
        long target = fixture.create(tenant, seed()).get("id").asLong();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Long> accepted = new ArrayList<>();
        int hostile = 0;
        long started = System.nanoTime();

        for (int i = 0; i < bodies; i++) {
            boolean patch = i % 4 == 3;
            byte[] body;
            if (random.nextInt(100) < 8) {
                body = HostileBodies.next(random, random.nextInt(60) == 0);
                hostile++;
            } else {
                body = (patch ? FuzzBodies.patchBody(random) : FuzzBodies.createBody(random)).getBytes(StandardCharsets.UTF_8);
            }
            JsonHttp.Response response = send(patch ? "PATCH" : "POST", patch ? "/instances/" + target : "/instances", body);
            statuses.merge(response.status(), 1, Integer::sum);
            String problem = problem(response);
            if (problem != null) {
                failures.add(problem + " for " + (patch ? "PATCH " : "POST ") + abbreviate(new String(body, StandardCharsets.UTF_8))
                        + " -> " + abbreviate(response.body()));
            } else if (response.status() == 201) {
                accepted.add(response.json().get("id").asLong());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        accepted.forEach(id -> tenant.api().delete(fixture.url("/instances/" + id)));

        System.out.printf("fuzz: %d bodies (%d hostile) in %.1f s (seed %d): statuses %s%n", bodies, hostile, seconds, seed, statuses);
        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(statuses.getOrDefault(400, 0)).as("most mutations are refused").isGreaterThan(bodies / 3);
        assertThat(statuses.keySet()).as("and some are accepted").contains(200, 201);
    }

    /** The body as raw bytes: hostile ones are not valid UTF-8, so no String-based client can send them. */
    private static JsonHttp.Response send(String method, String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.url(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", tenant.accountHeader()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new JsonHttp.Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " with " + body.length + " bytes got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Why a response breaks the contract, or null. */
    private static String problem(JsonHttp.Response response) {
        if (response.status() >= 500) {
            return "HTTP " + response.status();
        }
        if (response.status() < 400) {
            return response.status() == 200 || response.status() == 201 ? null : "unexpected HTTP " + response.status();
        }
        JsonNode errors;
        try {
            errors = response.json().get("errors");
        } catch (AssertionError e) {
            return "HTTP " + response.status() + " without a JSON body";
        }
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return "HTTP " + response.status() + " naming no field";
        }
        for (JsonNode error : errors) {
            if (error.path("field").asText("").isBlank() || error.path("message").asText("").isBlank()) {
                return "HTTP " + response.status() + " with an error lacking field or message";
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + " chars)";
    }
}
