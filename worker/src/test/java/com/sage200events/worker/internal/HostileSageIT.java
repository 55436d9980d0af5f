package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.sandbox.PageHook;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The four inputs of issue 11, each against the sandbox behaving as the misbehaving Sage did: steady throttling
 * over a wall of records, a record created and changed before any poll completed, one record stamped ten minutes
 * ahead of Sage's clock, and money with more digits than a double holds.
 */
class HostileSageIT {

    private WorkerFixture fixture;
    private KafkaProducer<String, byte[]> producer;

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Input 1: 429 on every 11th request, 1,200 records on one stamp, Sage 120 s behind, changes between pages, value wrappers. */
    @Test
    void everyChangeIsDeliveredUnderSteadyThrottlingOverAWallOfRecords() {
        Polling polling = start(Duration.ofSeconds(-120), 200, Instant.now().minusSeconds(1));
        polling.poll();

        Map<Long, Instant> latest = new LinkedHashMap<>();
        Instant wall = fixture.sandbox.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 1_200; i++) {
            write(latest, null, wall, "Wall " + i);
        }
        fixture.sandbox.addFault(SandboxFault.throttle("*", 1).everyNth(11));
        fixture.sandbox.addFault(SandboxFault.valueWrapper("/customers").everyNth(7));
        List<Long> ids = new ArrayList<>(latest.keySet());

        int polls = 0;
        while (polls < 8 && !allPublished(polling, latest)) {
            if (polls < 3) {
                // Another Sage user saves records between two pages of the poll.
                int from = polls * 25;
                fixture.sandbox.afterListRequests("customers", 2, PageHook.Match.ANY,
                        () -> ids.subList(from, from + 25).forEach(id -> write(latest, id, null, "Changed")));
            }
            polling.poll();
            polls++;
        }

        assertThat(allPublished(polling, latest)).as("every change published within 8 polls").isTrue();
        assertThat(eventIds(polling)).doesNotHaveDuplicates();
        long recordsRead = Long.parseLong(fixture.redis.hget(fixture.keys.status(polling.instanceId(), "customers"), "recordsRead"));
        assertThat(recordsRead).as("records read for %d records in %d polls", latest.size(), polls).isLessThan(latest.size() * 6L);
    }

    /** Input 2: created after the instance and changed again before any poll completed: the receiver's first word is CREATED. */
    @Test
    void aRecordCreatedAndChangedBeforeAnyPollCompletedArrivesAsCreated() {
        Polling polling = start(Duration.ZERO, 3, Instant.now().minusSeconds(30));
        Map<Long, Instant> latest = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            write(latest, null, null, "New " + i);
        }
        // The baseline commits its first page, then Sage fails it; meanwhile every record is changed again.
        fixture.sandbox.afterListRequests("customers", 1, PageHook.Match.ANY,
                () -> fixture.sandbox.addFault(SandboxFault.serverError("/customers", 500).times(1)));
        polling.poll();
        assertThat(fixture.redis.hget(fixture.keys.status(polling.instanceId(), "customers"), "state")).isEqualTo("CATCHING_UP");
        new ArrayList<>(latest.keySet()).forEach(id -> write(latest, id, null, "Changed"));
        polling.poll();
        polling.poll();

        Map<String, String> firstType = new HashMap<>();
        for (Event event : events(polling)) {
            firstType.putIfAbsent(event.objectId(), event.eventType());
        }
        assertThat(firstType).hasSize(latest.size()).allSatisfy((id, type) -> assertThat(type).as("first event of %s", id).isEqualTo("CREATED"));
    }

    /** Input 3: one record stamped 10 minutes ahead of Sage's clock must not hide what comes after it. */
    @Test
    void aRecordStampedAheadOfSagesClockHidesNoLaterChange() {
        Polling polling = start(Duration.ZERO, 100, Instant.now().minusSeconds(1));
        Map<Long, Instant> latest = new LinkedHashMap<>();
        long older = write(latest, null, null, "Older");
        polling.poll();

        Instant future = fixture.sandbox.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        long ahead = write(latest, null, future, "Stamped ahead");
        polling.poll();
        Map<String, String> status = fixture.redis.hgetAll(fixture.keys.status(polling.instanceId(), "customers"));
        assertThat(status).containsEntry("futureStamps", "1").containsEntry("newestFutureStamp", ahead + " at " + future);
        assertThat(Instant.ofEpochMilli(Long.parseLong(status.get("watermark")))).as("watermark").isBefore(future);

        write(latest, null, null, "Created normally afterwards");
        write(latest, older, null, "Older, updated afterwards");
        polling.poll();

        assertThat(allPublished(polling, latest)).as("every change after the future stamp").isTrue();
        assertThat(eventIds(polling)).doesNotHaveDuplicates();
    }

    /** The same kind from the other side: a cursor that an earlier version let run ahead is pulled back by Sage's clock. */
    @Test
    void aCursorAlreadyInTheFutureIsPulledBackToSagesClock() {
        Polling polling = start(Duration.ZERO, 100, Instant.now().minusSeconds(1));
        polling.poll();
        Instant farAhead = Instant.now().plus(Duration.ofHours(2));
        fixture.redis.hset(fixture.keys.cursor(polling.instanceId(), "customers"), "watermark", Long.toString(farAhead.toEpochMilli()));

        polling.poll();
        Map<Long, Instant> latest = new LinkedHashMap<>();
        write(latest, null, null, "After the pull-back");
        polling.poll();

        assertThat(allPublished(polling, latest)).isTrue();
    }

    /** Input 4: Sage's numbers reach the topic as Sage wrote them. */
    @Test
    void moneyKeepsEveryDigitOnTheTopic() {
        Polling polling = start(Duration.ZERO, 100, Instant.now().minusSeconds(1));
        polling.poll();
        fixture.sandbox.create("customers", Map.of("name", "Rich Ltd", "balance", new BigDecimal("98765432109876543.21"),
                "credit_limit", new BigDecimal("0.10")));

        polling.poll();

        String value = rawValues(polling.topic()).get(0);
        assertThat(value).contains("\"balance\":98765432109876543.21", "\"credit_limit\":0.10");
    }

    /** A sandbox whose clock runs {@code sageClockOffset} from ours, and an instance polling its customers. */
    private Polling start(Duration sageClockOffset, int pageSize, Instant instanceCreated) {
        fixture = new WorkerFixture(SandboxConfig.defaults().withSeedData(false).withClockOffset(sageClockOffset), 2);
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "hostile-sage", Map.of());
        long instanceId = fixture.activeInstance(WorkerFixture.customersEvery(pageSize), instanceCreated);
        String topic = fixture.eventsTopic("events");
        return new Polling(instanceId, topic, fixture.runner(WorkerConfig.defaults(), producer, topic),
                PollTask.manual(instanceId, "customers", Instant.now()));
    }

    /** One instance polling its customers, its events on {@code topic}. */
    private record Polling(long instanceId, String topic, ResourcePollRunner runner, PollTask task) {
        void poll() {
            runner.run(task);
        }
    }

    /** Creates ({@code id} null) or updates a customer, optionally with an explicit stamp; remembers its latest stamp. */
    private synchronized long write(Map<Long, Instant> latest, Long id, Instant stamp, String name) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("name", name);
        if (stamp != null) {
            fields.put("date_time_updated", DateFormats.sageStamp(stamp));
            if (id == null) {
                fields.put("date_time_created", DateFormats.sageStamp(stamp));
            }
        }
        Map<String, Object> record = id == null ? fixture.sandbox.create("customers", fields) : fixture.sandbox.update("customers", id, fields);
        long recordId = ((Number) record.get("id")).longValue();
        latest.put(recordId, DateFormats.parseIso(record.get("date_time_updated").toString()).orElseThrow());
        return recordId;
    }

    private synchronized boolean allPublished(Polling polling, Map<Long, Instant> latest) {
        List<String> published = eventIds(polling);
        return latest.entrySet().stream().allMatch(change -> published.contains(
                EventIds.eventId(polling.instanceId(), "customers", change.getKey().toString(), change.getValue())));
    }

    private static List<String> eventIds(Polling polling) {
        return events(polling).stream().map(Event::eventId).toList();
    }

    private static List<Event> events(Polling polling) {
        List<Event> events = new ArrayList<>();
        for (EventNotification n : WorkerFixture.readAll(polling.topic())) {
            if (n.instanceId() == polling.instanceId()) {
                events.addAll(n.events());
            }
        }
        return events;
    }

    private static List<String> rawValues(String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(TestKafka.bootstrapServers(), topic + "-raw", "raw", Map.of())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
