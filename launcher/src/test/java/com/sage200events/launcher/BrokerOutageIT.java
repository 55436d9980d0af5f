package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.testkit.EmbeddedKafka;
import com.sage200events.testkit.TestRedis;
import java.time.Duration;
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
    void brokerDownForAMinuteMidLoadLosesNoChangeAndDeliversNoneTwice() throws Exception {
        String path = "/broker-outage";
        long id = fixture.createAuthorizedInstance(fixture.seedInstance(fixture.stack.inbox().url(path)));
        try (OutageLoad load = new OutageLoad(fixture, id, path).start(Duration.ofMillis(250))) {
            OutageLoad.Outcome outcome = load.rideOut(broker::stop, OUTAGE, broker::restart);
            System.out.println("OUTAGE broker: " + outcome);
            assertThat(outcome.reckoning().lost()).as("changes lost").isEmpty();
            assertThat(outcome.reckoning().duplicateEventIds()).as("event ids delivered twice").isZero();
            assertThat(outcome.reckoning().changes()).as("changes made").isGreaterThan(100);
        }
    }
}
