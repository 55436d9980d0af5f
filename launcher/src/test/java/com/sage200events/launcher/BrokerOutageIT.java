package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.testkit.EmbeddedKafka;
import com.sage200events.testkit.TestRedis;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's broker outage: the whole pipeline under steady load loses its Kafka broker for 60 s (stopped,
 * then restarted on the same port and storage). The API reports it, the worker and dispatcher ride it out
 * (their loops deliver again afterwards, no restart), and every change made before, during and after reaches
 * the callback once. The broker is this test's own, so no other test sees the outage. Prints an
 * {@code OUTAGE broker …} line; docs/RELIABILITY.md records a run.
 */
class BrokerOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);

    private EmbeddedKafka broker;
    private PipelineFixture fixture;

    @BeforeEach
    void start() {
        broker = EmbeddedKafka.start();
        fixture = new PipelineFixture(broker.bootstrapServers(), TestRedis.endpoint().uri(), UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        try {
            fixture.close();
        } finally {
            broker.close();
        }
    }

    @Test
    void brokerDownForAMinuteMidLoadLosesNoChangeAndDeliversNoneTwice() {
        String path = "/broker-outage";
        long id = fixture.createAuthorizedInstance(fixture.seedInstance(fixture.stack.inbox().url(path)));
        try (OutageLoad load = new OutageLoad(fixture, id, path).start(Duration.ofMillis(250))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> fixture.deliveredEvents(path, "customers").size() >= 10);

            broker.stop();
            long down = System.nanoTime();
            int pollsBefore = load.pollAnswerCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> health() != 200);
            int deliveredDuringOutage = fixture.deliveredEvents(path, "customers").size();
            // The outage itself: the API must say so the whole time.
            await().pollDelay(Duration.ZERO).during(OUTAGE.minusNanos(System.nanoTime() - down)).atMost(OUTAGE.plusSeconds(30))
                    .until(() -> health() != 200);
            Map<String, Long> pollsDuringOutage = load.pollAnswersSince(pollsBefore);
            broker.restart();
            long up = System.nanoTime();

            await().atMost(Duration.ofSeconds(90)).until(() -> fixture.deliveredEvents(path, "customers").size() > deliveredDuringOutage + 10);
            long firstAfter = System.nanoTime();
            load.stopChanges();
            load.awaitEverythingDelivered(Duration.ofSeconds(120));
            long drained = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);

            OutageLoad.Reckoning result = load.reckon();
            System.out.printf("OUTAGE broker: down %d s; %s; API poll answers while down %s; deliveries again %d s after the restart, "
                            + "all delivered %d s after it%n",
                    Duration.ofNanos(up - down).toSeconds(), result, pollsDuringOutage, Duration.ofNanos(firstAfter - up).toSeconds(),
                    Duration.ofNanos(drained - up).toSeconds());
            assertThat(result.lost()).as("changes lost").isEmpty();
            assertThat(result.duplicateEventIds()).as("event ids delivered twice").isZero();
            assertThat(result.changes()).as("changes made").isGreaterThan(100);
        }
    }

    private int health() {
        return fixture.api.get(fixture.stack.apiUrl() + "/health").status();
    }
}
