package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17, input 1, as a kind: a change bigger than a Kafka record never blocks its resource. Notifications are cut by
 * bytes as well as by count, and a single record over the bound travels as a stub; the order created afterwards is
 * delivered in every case. Sales orders grow with their lines, as the 870-line order of the report did.
 */
class RecordSizeIT {

    private static final int LINE_BYTES = 1_200;
    private static KafkaProducer<String, byte[]> producer;
    /** A sandbox per case: one case's orders must not be changes the next case's instance sees. */
    private WorkerFixture fixture;

    @BeforeAll
    static void startProducer() {
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "record-size", Map.of());
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    @BeforeEach
    void start() {
        fixture = new WorkerFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** The report's single order: 870 lines and 150 memos, 1,083,321 bytes as a notification. */
    @Test
    void theOneMegabyteOrderOfTheReportIsDeliveredWholeAndTheNextOrderFollows() {
        List<EventNotification> published = pollAfterCreating(List.of(1_083_321));
        assertThat(published.get(0).records().get(0).path("lines").size()).isGreaterThan(800);
        assertThat(published.get(0).records().get(0).has(NotificationBatcher.OVERSIZED_FIELD)).isFalse();
    }

    /** The report's batch: eight orders of about 170 KB, each fitting alone, 1.3 MB together. */
    @Test
    void eightOrdersThatFitAloneButNotTogetherAreSplitAndAllDelivered() {
        List<EventNotification> published = pollAfterCreating(java.util.Collections.nCopies(8, 170_000));
        assertThat(published.stream().mapToInt(n -> n.events().size()).sum()).isEqualTo(8 + 1);
        assertThat(published).allSatisfy(n -> assertThat(n.records()).noneMatch(r -> r.has(NotificationBatcher.OVERSIZED_FIELD)));
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("one of 1 KB", List.of(1_000)),
                Arguments.of("one of 100 KB", List.of(100_000)),
                Arguments.of("ten of 300 KB", java.util.Collections.nCopies(10, 300_000)),
                Arguments.of("one of 3.9 MB", List.of(3_900_000)),
                Arguments.of("one of 5 MB, over the bound", List.of(5_000_000)),
                Arguments.of("a small one, then one of 5 MB, then a small one", List.of(2_000, 5_000_000, 2_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyShapeOfLargeChangesIsDeliveredAndTheNextOrderFollows(String shape, List<Integer> sizes) {
        List<EventNotification> published = pollAfterCreating(sizes);
        int stubs = 0;
        for (EventNotification n : published) {
            for (JsonNode record : n.records()) {
                if (record.has(NotificationBatcher.OVERSIZED_FIELD)) {
                    stubs++;
                    assertThat(record.path(NotificationBatcher.OVERSIZED_FIELD).path("bytes").asInt()).isGreaterThan(EventNotification.MAX_BYTES);
                    assertThat(record.has("id")).isTrue();
                }
            }
        }
        assertThat(stubs).as("records over the bound, sent as stubs").isEqualTo((int) sizes.stream().filter(s -> s > EventNotification.MAX_BYTES).count());
    }

    /**
     * Creates orders of about {@code sizes} bytes, polls, then creates one small order and polls again; asserts that
     * every order has an event and returns what was published.
     */
    private List<EventNotification> pollAfterCreating(List<Integer> sizes) {
        long instanceId = fixture.activeInstance("sales-orders", """
                {"url": "/hubs/finance/sales-orders?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                 "pageSize": 20}""", Instant.now().minusSeconds(1));
        String topic = fixture.eventsTopic("orders-" + instanceId);
        ResourcePollRunner runner = fixture.runner(WorkerConfig.defaults(), producer, topic);
        PollTask task = PollTask.manual(instanceId, "sales-orders", Instant.now());
        runner.run(task);
        List<String> ids = new ArrayList<>();
        sizes.forEach(size -> ids.add(createOrder(size)));
        runner.run(task);
        ids.add(createOrder(1_000));
        runner.run(task);

        assertThat(fixture.redis.hget(fixture.keys.status(instanceId, "sales-orders"), "state")).isEqualTo("OK");
        List<EventNotification> published = WorkerFixture.readAll(topic);
        assertThat(published.stream().flatMap(n -> n.events().stream()).map(e -> e.objectId()).toList())
                .as("an event for every order, the later one included").containsExactlyInAnyOrderElementsOf(ids);
        return published;
    }

    private String createOrder(int approximateBytes) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i * LINE_BYTES < approximateBytes; i++) {
            Map<String, Object> line = new HashMap<>();
            line.put("line_number", i + 1);
            line.put("description", "Line " + i + " " + "x".repeat(LINE_BYTES - 100));
            lines.add(line);
        }
        return fixture.sandbox.create("sop_orders", Map.of("lines", lines)).get("id").toString();
    }
}
