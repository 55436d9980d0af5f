package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.config.Env;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.ops.ServiceMain;
import com.sage200events.testkit.JsonHttp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;

/**
 * The dispatcher on the one lifecycle (issue 13, DESIGN §7): a delivery loop that dies turns {@code /health} red with
 * its name (its liveness too), and a start that fails halfway leaves no thread and no Redis connection behind. Real broker and Redis.
 */
class DispatcherLifecycleIT {

    private final JsonHttp http = JsonHttp.withHeaders(Map.of());

    @Test
    void aDeliveryLoopKilledByAnErrorMakesHealthAnswer503NamingIt() {
        try (DispatcherFixture fixture = new DispatcherFixture()) {
            DeliveryObserver dying = notification -> {
                throw new AssertionError("a handler blew up (test)");
            };
            Map<String, String> vars = fixture.env.variables();
            vars.put("DISPATCHER_PORT", "0");
            DispatcherConfig config = fixture.config().withConcurrency(1);
            try (ServiceMain.Running running = ServiceMain.start("dispatcher", "DISPATCHER_PORT", 8083, Env.of(vars),
                    (env, v, registry) -> Dispatcher.start(env, config, registry, Clock.systemUTC(), dying))) {
                String health = "http://localhost:" + running.opsPort() + "/health";
                await().atMost(Duration.ofSeconds(30)).until(() -> http.get(health).status() == 200);

                fixture.publish(aNotification().forInstance(1).build());

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonHttp.Response answer = http.get(health);
                    assertThat(answer.status()).isEqualTo(503);
                    JsonNode checks = answer.json().get("checks");
                    assertThat(checks.get("loop:delivery-loop-0").asBoolean()).as("the dead loop, by name").isFalse();
                    assertThat(checks.get("loop:delivery-retries").asBoolean()).as("a loop still running").isTrue();
                });
                // A dead loop is cured by a restart, so liveness turns red too, naming it.
                JsonHttp.Response live = http.get(health + "?live");
                assertThat(live.status()).isEqualTo(503);
                assertThat(live.json().get("deadLoops").toString()).contains("loop:delivery-loop-0").doesNotContain("delivery-retries");
            }
        }
    }

    @Test
    void aStartThatFailsHalfwayClosesEverythingItOpened() {
        try (DispatcherFixture fixture = new DispatcherFixture()) {
            String clientName = "lifecycle-it-" + System.nanoTime();
            ServiceEnvironment env = new ServiceEnvironment(fixture.env.kafkaBootstrapServers(),
                    fixture.env.redisUrl() + "?clientName=" + clientName, fixture.prefix, fixture.prefix, fixture.env.sage(),
                    fixture.env.partitions(), fixture.env.replicationFactor());
            fixture.dlq(); // the shared broker starts some thread pools at its first fetch: not this test's to count
            Set<Thread> before = liveThreads();

            // The control: a good start opens the connections and threads this test counts, and its shutdown closes them.
            Dispatcher good = Dispatcher.start(env, fixture.config(), fixture.registry, Clock.systemUTC());
            assertThat(redisClientsNamed(fixture, clientName)).isPositive();
            assertThat(liveThreads().stream().map(Thread::getName))
                    .contains("delivery-outcomes-0", "delivery-loop-0", "delivery-retries", "micrometer-kafka-metrics");
            good.shutdown(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(redisClientsNamed(fixture, clientName)).isZero();
                assertThat(newThreads(before)).isEmpty();
            });

            // Redis pinged, the DLQ producer and the outcome writers' threads started, then the first consumer refuses
            // its member id: the start fails halfway.
            DispatcherConfig bad = fixture.config().toBuilder().memberId("not a valid member id!").build();
            assertThatThrownBy(() -> Dispatcher.start(env, bad, fixture.registry, Clock.systemUTC()))
                    .hasStackTraceContaining("not a valid member id!");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(newThreads(before)).as("threads left by the failed start").isEmpty();
                assertThat(redisClientsNamed(fixture, clientName)).as("Redis connections left by the failed start").isZero();
            });
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /**
     * The names of threads alive now that were not before (compared as threads, not names: several share a name),
     * leaving out the JVM's shared pool and Awaitility's own (the one asking).
     */
    private static List<String> newThreads(Set<Thread> before) {
        return liveThreads().stream().filter(thread -> !before.contains(thread)).map(Thread::getName)
                .filter(name -> !name.startsWith("ForkJoinPool.commonPool") && !name.startsWith("awaitility"))
                .toList();
    }

    private static long redisClientsNamed(DispatcherFixture fixture, String name) {
        String list = new String((byte[]) fixture.redis.sendCommand(Protocol.Command.CLIENT, "LIST"), StandardCharsets.UTF_8);
        return Arrays.stream(list.split("\n")).filter(line -> line.contains(" name=" + name + " ")).count();
    }
}
