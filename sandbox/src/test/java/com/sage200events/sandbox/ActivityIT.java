package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ledger that changes on its own, and Sage's clock running off ours. */
class ActivityIT {

    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SageClient(sandbox);
        client.login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void backgroundActivityChangesRecordsAPollerCanSeeUntilStopped() {
        Instant started = sandbox.now();
        sandbox.startActivity(ActivityConfig.defaults().withResources(List.of("customers", "sales_posted_transactions")).withRate(200));

        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.activity().operations() >= 40);
        sandbox.stopActivity();

        ActivityStatus stopped = sandbox.activity();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.creates() + stopped.updates() + stopped.errors()).isEqualTo(stopped.operations());
        assertThat(stopped.errors()).isZero();
        List<Map<String, Object>> changed = SageClient.array(client.get("/customers",
                Map.of("$filter", "date_time_updated ge " + started, "$top", "5000")));
        List<Map<String, Object>> posted = SageClient.array(client.get("/sales_posted_transactions",
                Map.of("$filter", "date_time_updated ge " + started, "$top", "5000")));
        assertThat(changed.size() + posted.size()).as("every operation touched one record at most once visible")
                .isPositive().isLessThanOrEqualTo((int) stopped.operations());
        assertThat(sandbox.activity().operations()).as("nothing runs after stop").isEqualTo(stopped.operations());
    }

    @Test
    void theSameSeedReplaysTheSameLedgerInAnotherSandbox() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
        ActivityConfig config = ActivityConfig.defaults().withSeed(99);
        try (Sandbox one = Sandbox.start(SandboxConfig.defaults().withClock(clock));
             Sandbox two = Sandbox.start(SandboxConfig.defaults().withClock(clock))) {
            one.runActivity(config, 150);
            two.runActivity(config, 150);

            SageClient a = new SageClient(one);
            SageClient b = new SageClient(two);
            for (String resource : ActivityConfig.ALL_RESOURCES) {
                assertThat(a.admin("GET", "/_sandbox/resources/" + resource, null).body()).as(resource)
                        .isEqualTo(b.admin("GET", "/_sandbox/resources/" + resource, null).body());
            }
        }
    }

    @Test
    void theAdminApiStartsRunsAndStopsActivity() {
        HttpResponse<String> started = client.admin("POST", "/_sandbox/activity",
                Map.of("operations_per_second", 20, "resources", List.of("products"), "seed", 3));
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(SageClient.object(started.body())).containsEntry("running", true);
        assertThat(client.admin("GET", "/_sandbox/activity", null).body()).contains("\"seed\":3").contains("\"resources\":[\"products\"]");
        assertThat(SageClient.object(client.admin("DELETE", "/_sandbox/activity", null).body())).containsEntry("running", false);

        assertThat(client.admin("POST", "/_sandbox/activity", Map.of("resources", List.of("invoices"))).statusCode()).isEqualTo(400);
        assertThat(client.admin("POST", "/_sandbox/activity", Map.of("operations_per_second", -1)).statusCode()).isEqualTo(400);
    }

    @Test
    void aSynchronousRunMakesItsOperationsBeforeAnsweringWithSharedStamps() {
        // Each clock reading is 1 ms later, so only a shared stamp can make two writes equal.
        try (Sandbox ticking = Sandbox.start(SandboxConfig.defaults().withClock(MutableClock.ticking(Instant.parse("2026-11-28T07:00:00Z")))
                .withSeedData(false))) {
            SageClient admin = new SageClient(ticking);

            HttpResponse<String> ran = admin.admin("POST", "/_sandbox/activity/run", Map.of("operations", 30,
                    "resources", List.of("nominal_codes"), "create_share", 1, "records_per_stamp", 10));

            assertThat(SageClient.object(ran.body())).containsEntry("operations", 30);
            List<Map<String, Object>> codes = SageClient.array(admin.admin("GET", "/_sandbox/resources/nominal_codes", null));
            assertThat(codes).hasSize(30);
            assertThat(codes.stream().map(c -> c.get("date_time_updated")).distinct()).as("30 writes, 10 to a stamp").hasSize(3);
        }
    }

    @Test
    void sagesClockCanRunBehindOursWhileTheSandboxRuns() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
        try (Sandbox skewed = Sandbox.start(SandboxConfig.defaults().withClock(clock).withSeedData(false))) {
            SageClient admin = new SageClient(skewed);

            HttpResponse<String> set = admin.admin("PUT", "/_sandbox/clock", Map.of("offset_seconds", -180));
            Map<String, Object> created = skewed.create("customers", Map.of());
            skewed.setClockOffset(Duration.ofMinutes(2));
            Map<String, Object> ahead = skewed.create("customers", Map.of());

            assertThat(SageClient.object(set.body())).containsEntry("offset_ms", -180_000).containsEntry("now", "2026-11-28T06:57:00Z");
            assertThat(created).containsEntry("date_time_created", "2026-11-28T06:57:00Z");
            assertThat(ahead).containsEntry("date_time_created", "2026-11-28T07:02:00Z");
            assertThat(admin.admin("PUT", "/_sandbox/clock", Map.of("offset", 1)).statusCode()).isEqualTo(400);
            skewed.reset();
            assertThat(skewed.clockOffset()).as("reset restores the configured offset").isZero();
        }
    }
}
