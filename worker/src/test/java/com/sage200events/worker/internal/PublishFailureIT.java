package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cursor moves only after Kafka acknowledged the events: a failed publish leaves it for the next poll. */
class PublishFailureIT {

    private WorkerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new WorkerFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void cursorDoesNotAdvanceWhenPublishFailsAndTheNextPollDeliversTheChange() throws Exception {
        long instanceId = fixture.activeInstance(WorkerFixture.customersEvery(500));
        String customerId = fixture.sandbox.create("customers", Map.of("name", "Late Ltd")).get("id").toString();

        String missingTopic = fixture.prefix + "no-such-topic";
        try (KafkaProducer<String, byte[]> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            runner(producer, missingTopic).run(PollTask.manual(instanceId, "customers", Instant.now()));
        }
        assertThat(fixture.redis.hget(fixture.keys.status(instanceId, "customers"), "lastErrorKind")).isEqualTo("PUBLISH");
        assertThat(fixture.redis.exists(fixture.keys.cursor(instanceId, "customers"))).as("cursor after a failed publish").isFalse();
        assertThat(fixture.redis.exists(fixture.keys.seen(instanceId, "customers"))).isFalse();

        String eventsTopic = TestKafka.createUniqueTopics("events")[0];
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            runner(producer, eventsTopic).run(PollTask.manual(instanceId, "customers", Instant.now()));
        }
        assertThat(fixture.redis.hget(fixture.keys.status(instanceId, "customers"), "state")).isEqualTo("OK");
        assertThat(fixture.redis.hget(fixture.keys.cursor(instanceId, "customers"), "watermark")).isNotNull();
        List<EventNotification> published = WorkerFixture.readAll(eventsTopic);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).events()).extracting(e -> e.objectId()).containsExactly(customerId);
        assertThat(published.get(0).events().get(0).eventType()).isEqualTo("CREATED");
    }

    private ResourcePollRunner runner(KafkaProducer<String, byte[]> producer, String topic) {
        return new ResourcePollRunner(WorkerConfig.defaults(), fixture.stores(), fixture.sessions(),
                new EventPublisher(producer, topic), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> overrides) {
        return KafkaClients.producer(TestKafka.bootstrapServers(), "publish-failure-test", overrides);
    }
}
