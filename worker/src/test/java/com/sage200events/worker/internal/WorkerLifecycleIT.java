package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.config.Env;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.ops.ServiceMain;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.PollObserver;
import com.sage200events.worker.Worker;
import com.sage200events.worker.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A worker loop that dies on an unexpected throwable turns the worker's {@code /health} red with the loop's name
 * (issue 13, DESIGN §7), through the same {@link ServiceMain} the worker process runs. Real broker and Redis.
 */
class WorkerLifecycleIT {

    @Test
    void aPollTaskLoopKilledByAnErrorMakesHealthAnswer503NamingIt() throws Exception {
        try (WorkerFixture fixture = new WorkerFixture()) {
            // The first Redis round trip of a poll (reading the instance) throws an Error, as a bug in a handler would.
            PollObserver dying = new PollObserver() {
                @Override
                public void redisRoundTrip() {
                    throw new AssertionError("a handler blew up (test)");
                }
            };
            Map<String, String> vars = fixture.env.variables();
            vars.put("WORKER_PORT", "0");
            WorkerConfig config = WorkerConfig.defaults().withGroupId(fixture.prefix + "workers");
            try (ServiceMain.Running running = ServiceMain.start("worker", "WORKER_PORT", 8082, Env.of(vars),
                    (env, v, registry) -> Worker.start(env, config, registry, Clock.systemUTC(), Map.of(), dying))) {
                String health = "http://localhost:" + running.opsPort() + "/health";
                JsonHttp http = JsonHttp.withHeaders(Map.of());
                await().atMost(Duration.ofSeconds(30)).until(() -> http.get(health).status() == 200);

                fixture.publishTask(PollTask.manual(424242, "customers", Instant.now()), 0);

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonHttp.Response answer = http.get(health);
                    assertThat(answer.status()).isEqualTo(503);
                    JsonNode checks = answer.json().get("checks");
                    assertThat(checks.get("loop:poll-task-loop-0").asBoolean() && checks.get("loop:poll-task-loop-1").asBoolean())
                            .as("one of the two loops is named dead: %s", checks).isFalse();
                    assertThat(checks.get("redis").asBoolean()).as("Redis itself is fine").isTrue();
                });
                assertThat(committedOffsetSum(config.groupId())).as("a dying loop commits nothing past the task that killed it").isZero();
            }
        }
    }

    private static long committedOffsetSum(String groupId) throws Exception {
        try (Admin admin = KafkaClients.admin(TestKafka.bootstrapServers())) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).values().stream()
                    .filter(Objects::nonNull).mapToLong(o -> o.offset()).sum();
        }
    }
}
