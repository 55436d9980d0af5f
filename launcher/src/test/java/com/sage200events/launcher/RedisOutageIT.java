package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.testkit.LocalRedisServer;
import com.sage200events.testkit.TestKafka;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's Redis outage: the whole pipeline under steady load loses Redis for 30 s (a {@code redis-server} of
 * this test's own, with AOF as production runs it, stopped and restarted on the same port and data; the shared
 * one is never touched). Polls fail visibly (the API refuses them and reports Redis unreachable), the cursor
 * is where it was, deliveries resume, and every change reaches the callback once. Prints an
 * {@code OUTAGE redis …} line; docs/RELIABILITY.md records a run.
 */
class RedisOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private LocalRedisServer redis;
    private PipelineFixture fixture;

    @BeforeEach
    void start() throws InterruptedException {
        redis = LocalRedisServer.startWithAof();
        fixture = new PipelineFixture(TestKafka.bootstrapServers(), redis.endpoint().uri(), UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        try {
            fixture.close();
        } finally {
            redis.close();
        }
    }

    @Test
    void redisDownForHalfAMinuteFailsPollsVisiblyKeepsTheCursorAndLosesNoChange() throws InterruptedException {
        String path = "/redis-outage";
        long id = fixture.createAuthorizedInstance(fixture.seedInstance(fixture.stack.inbox().url(path)));
        try (OutageLoad load = new OutageLoad(fixture, id, path).start(Duration.ofMillis(250))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> fixture.deliveredEvents(path, "customers").size() >= 10);
            JsonNode before = fixture.resourceStatus(id, "customers");

            redis.stop();
            long down = System.nanoTime();
            int pollsBefore = load.pollAnswerCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> health() != 200);
            int deliveredDuringOutage = fixture.deliveredEvents(path, "customers").size();
            // The outage itself: the API must say so the whole time.
            await().pollDelay(Duration.ZERO).during(OUTAGE.minusNanos(System.nanoTime() - down)).atMost(OUTAGE.plusSeconds(30))
                    .until(() -> health() != 200);
            Map<String, Long> pollsDuringOutage = load.pollAnswersSince(pollsBefore);
            redis.restart();
            long up = System.nanoTime();
            JsonNode afterRestart = fixture.resourceStatus(id, "customers");

            await().atMost(Duration.ofSeconds(90)).until(() -> fixture.deliveredEvents(path, "customers").size() > deliveredDuringOutage + 10);
            long firstAfter = System.nanoTime();
            load.stopChanges();
            load.awaitEverythingDelivered(Duration.ofSeconds(120));
            long drained = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);

            OutageLoad.Reckoning result = load.reckon();
            System.out.printf("OUTAGE redis: down %d s; %s; API poll answers while down %s; cursor before %s, after the restart %s; "
                            + "deliveries again %d s after the restart, all delivered %d s after it%n",
                    Duration.ofNanos(up - down).toSeconds(), result, pollsDuringOutage, before.path("cursor"), afterRestart.path("cursor"),
                    Duration.ofNanos(firstAfter - up).toSeconds(), Duration.ofNanos(drained - up).toSeconds());
            assertThat(pollsDuringOutage).as("poll requests while Redis is down").isNotEmpty().doesNotContainKey("202");
            assertThat(afterRestart.path("cursor").asText()).as("cursor after the restart").isNotEmpty()
                    .isGreaterThanOrEqualTo(before.path("cursor").asText());
            assertThat(result.lost()).as("changes lost").isEmpty();
            assertThat(result.duplicateEventIds()).as("event ids delivered twice").isZero();
            assertThat(result.changes()).as("changes made").isGreaterThan(50);
        }
    }

    private int health() {
        return fixture.api.get(fixture.stack.apiUrl() + "/health").status();
    }
}
