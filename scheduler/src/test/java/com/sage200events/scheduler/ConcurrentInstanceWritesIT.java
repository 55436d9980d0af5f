package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.testkit.JsonHttp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §7: instance writes are compare-and-set on a version, so a user's PATCH and the dispatcher's
 * "events off after 410 Gone" (or the worker's {@code AUTH_FAILED}) never overwrite each other. Each round
 * starts both writes at the same moment; after it, both must show. A read-modify-write without the version
 * check loses one of them within a few rounds.
 */
class ConcurrentInstanceWritesIT {

    private static final int ROUNDS = 150;
    private static SchedulerFixture fixture;
    private static InstanceRepository instances;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        instances = new InstanceRepository(fixture.redis, new RedisKeys(fixture.prefix));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aPatchRacingA410NeverLosesEitherWrite() throws Exception {
        long id = activeInstance();
        JsonHttp api = SchedulerFixture.devTenant().api();
        for (int round = 0; round < ROUNDS; round++) {
            SchedulerFixture.require(api.send("PUT", fixture.url("/instances/" + id + "/enabled"), ""), 200);
            race(id, "gone-" + round, other -> instances.setEventsEnabled(other, false));
            StoredInstance after = instances.find(id).orElseThrow();
            assertThat(after.name()).as("the PATCH of round %d", round).isEqualTo("gone-" + round);
            assertThat(after.settings().eventsEnabled()).as("the 410's events-off of round %d", round).isFalse();
        }
    }

    @Test
    void aPatchRacingAuthFailedNeverLosesEitherWrite() throws Exception {
        long id = activeInstance();
        for (int round = 0; round < ROUNDS; round++) {
            instances.setStatus(id, InstanceStatus.ACTIVE, null);
            race(id, "auth-" + round, other -> instances.markAuthFailed(other, "Sage refused the refresh token"));
            StoredInstance after = instances.find(id).orElseThrow();
            assertThat(after.name()).as("the PATCH of round %d", round).isEqualTo("auth-" + round);
            assertThat(after.status()).as("the worker's AUTH_FAILED of round %d", round).isEqualTo(InstanceStatus.AUTH_FAILED);
        }
    }

    /** Starts the user's PATCH (a new name) and {@code otherWrite} at once, and waits for both. */
    private static void race(long id, String name, LongConsumer otherWrite) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<JsonHttp.Response> patch = CompletableFuture.supplyAsync(() -> {
            await(start);
            return SchedulerFixture.devTenant().api().send("PATCH", fixture.url("/instances/" + id), "{\"name\": \"" + name + "\"}");
        });
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            await(start);
            otherWrite.accept(id);
        });
        other.get();
        SchedulerFixture.require(patch.get(), 200);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long activeInstance() {
        ObjectNode body = seed();
        String callback = fixture.url("/elements/sage200/oauth/callback");
        body.putObject("providerData").put("code", fixture.sageCode(configuration(body).get("oauth.api.key").asText(), callback));
        return fixture.create(SchedulerFixture.devTenant(), body).get("id").asLong();
    }
}
