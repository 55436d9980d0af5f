package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, input 2, as a kind: rows without a readable {@code date_time_updated} (Sage sorts nulls first) are
 * reported and skipped, paging goes on past them by id, and later changes flow; for a group of such rows smaller
 * than, equal to and several times a page.
 */
class UnreadableStampIT {

    private WorkerFixture fixture;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        fixture = new WorkerFixture();
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "unreadable-stamps", Map.of());
    }

    @AfterEach
    void stop() {
        producer.close();
        fixture.close();
    }

    @ParameterizedTest(name = "{0} rows without a stamp, pages of 5")
    @ValueSource(ints = {3, 5, 12})
    void rowsWithoutAStampAreReportedAndSkippedAndALaterRecordIsDelivered(int unstamped) {
        // The report's setup: a where clause with no date bound, so the rows without a stamp match every poll.
        long instanceId = fixture.activeInstance("""
                {"url": "/hubs/finance/customers?where=on_hold = false", "idField": "id", "pageSize": 5}""");
        String topic = fixture.eventsTopic("events");
        ResourcePollRunner runner = fixture.runner(WorkerConfig.defaults(), producer, topic);
        PollTask task = PollTask.manual(instanceId, "customers", Instant.now());
        for (int i = 0; i < unstamped; i++) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("name", "No stamp " + i);
            fields.put("date_time_updated", null);
            fixture.sandbox.create("customers", fields);
        }
        runner.run(task);
        String later = fixture.sandbox.create("customers", Map.of("name", "Normal Ltd")).get("id").toString();

        runner.run(task);

        Map<String, String> status = fixture.redis.hgetAll(fixture.keys.status(instanceId, "customers"));
        assertThat(status).containsEntry("state", "OK");
        assertThat(Integer.parseInt(status.get("unreadableDates"))).as("rows reported").isEqualTo(2 * unstamped);
        List<EventNotification> published = WorkerFixture.readAll(topic);
        assertThat(published.stream().flatMap(n -> n.events().stream()).map(e -> e.objectId()).toList()).containsExactly(later);
    }
}
