package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.sandbox.PageHook;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SandboxRequest;
import com.sage200events.sandbox.SeedSpec;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's DELETED events against the sandbox, real broker and Redis: deleted records yield one DELETED each within
 * {@code detectDeletesEvery} polls, carrying the last version delivered; a Sage fault in the middle of the id
 * reconciliation yields none at all (and the next poll's reconciliation then yields them); an id that comes back is a
 * new CREATED, and its second deletion a second DELETED.
 */
class DeletedRecordsIT {

    private WorkerFixture fixture;
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        fixture = new WorkerFixture();
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "deleted-records", Map.of());
    }

    @AfterEach
    void stop() {
        producer.close();
        fixture.close();
    }

    @Test
    void eachDeletedRecordYieldsOneDeletedWithinDetectDeletesEveryPollsCarryingItsLastDeliveredVersion() {
        Polling polling = start(3);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(create("Customer " + i));
        }
        polling.poll(); // delivers seven CREATED; the first reconciliation baselines Sage's ids
        fixture.sandbox.update("customers", ids.get(1), Map.of("name", "Renamed 1"));
        fixture.sandbox.update("customers", ids.get(4), Map.of("name", "Renamed 4"));
        polling.poll();
        List<Long> deleted = List.of(ids.get(0), ids.get(1), ids.get(4));
        deleted.forEach(id -> fixture.sandbox.delete("customers", id));

        for (int i = 0; i < 3; i++) {
            polling.poll();
        }
        Topic topic = polling.read();
        assertThat(topic.ofType(Event.DELETED)).as("DELETED events within detectDeletesEvery = 3 polls")
                .extracting(Event::objectId).containsExactlyInAnyOrderElementsOf(deleted.stream().map(String::valueOf).toList());
        for (Long id : deleted) {
            JsonNode raw = topic.recordOf(topic.only(Event.DELETED, id).eventId());
            JsonNode lastDelivered = topic.lastDeliveredRecord(id);
            assertThat(raw).as("raw of the DELETED event of %s", id).isEqualTo(lastDelivered);
        }
        assertThat(topic.recordOf(topic.only(Event.DELETED, ids.get(1)).eventId()).path("name").asText()).isEqualTo("Renamed 1");
        Map<String, Object> status = fixture.stores().resources().statusView(polling.instanceId(), "customers");
        assertThat(status.get("deleteReconciliation")).as("the status's view of the reconciliations")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("deleted", 3L).containsEntry("idsInSage", 4L);
        assertThat(fixture.sandbox.requests()).as("the reconciliation's requests")
                .extracting(SandboxRequest::query).anyMatch(q -> q.contains("$select=id") && q.contains("$orderby=id"));

        for (int i = 0; i < 4; i++) {
            polling.poll();
        }
        assertThat(polling.read().ofType(Event.DELETED)).as("no id is reported deleted twice").hasSize(deleted.size());
    }

    @Test
    void aSageFaultInTheMiddleOfTheReconciliationEmitsNoDeletedAtAll() {
        long first = fixture.sandbox.seed(SeedSpec.of("customers", 6_000)
                .stampedFrom(Instant.now().minus(Duration.ofDays(2)), Duration.ofMillis(1))).firstId();
        Polling polling = start(1);
        polling.poll(); // the first reconciliation: two pages of ids (5,000 and 1,000)
        List<Long> deleted = List.of(first + 10, first + 4_000, first + 5_500, first + 5_999);
        deleted.forEach(id -> fixture.sandbox.delete("customers", id));

        // The poll reads its page of changes and the first page of ids; then Sage fails the second page of ids.
        fixture.sandbox.afterListRequests("customers", 2, PageHook.Match.ANY,
                () -> fixture.sandbox.addFault(SandboxFault.serverError("/customers", 500).times(1)));
        polling.poll();
        assertThat(fixture.sandbox.requests()).as("the fault hit a request of the reconciliation")
                .anyMatch(r -> r.status() == 500 && r.query().contains("$select=id"));
        assertThat(polling.read().ofType(Event.DELETED)).as("DELETED after a reconciliation Sage cut short").isEmpty();
        assertThat(fixture.redis.hget(fixture.keys.status(polling.instanceId(), "customers"), "lastError"))
                .contains("id reconciliation");

        polling.poll();
        assertThat(polling.read().ofType(Event.DELETED)).as("the next poll's complete reconciliation").extracting(Event::objectId)
                .containsExactlyInAnyOrderElementsOf(deleted.stream().map(String::valueOf).toList());
    }

    @Test
    void aDeletedIdThatComesBackIsCreatedAndItsNextDeletionIsANewDeleted() {
        Polling polling = start(1);
        long id = create("Comes back");
        long other = create("Stays");
        polling.poll();
        fixture.sandbox.delete("customers", id);
        polling.poll();
        fixture.sandbox.restore("customers", id);
        polling.poll();
        fixture.sandbox.update("customers", other, Map.of("name", "Changed"));
        polling.poll();
        fixture.sandbox.delete("customers", id);
        polling.poll();

        Topic topic = polling.read();
        List<String> history = topic.events.stream().filter(e -> e.objectId().equals(Long.toString(id))).map(Event::eventType).toList();
        assertThat(history).containsExactly(Event.CREATED, Event.DELETED, Event.CREATED, Event.DELETED);
        assertThat(topic.events.stream().filter(e -> e.objectId().equals(Long.toString(other))).map(Event::eventType).toList())
                .as("a record that stayed").containsExactly(Event.CREATED, Event.UPDATED);
        assertThat(topic.ofType(Event.DELETED)).extracting(Event::eventId).doesNotHaveDuplicates();
    }

    private long create(String name) {
        return ((Number) fixture.sandbox.create("customers", Map.of("name", name)).get("id")).longValue();
    }

    private Polling start(int every) {
        long instanceId = fixture.activeInstance("""
                {"url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                 "pageSize": 500, "detectDeletes": true, "detectDeletesEvery": %d}""".formatted(every), Instant.now().minusSeconds(1));
        String topic = fixture.eventsTopic("events");
        return new Polling(instanceId, topic, fixture.runner(WorkerConfig.defaults(), producer, topic),
                PollTask.manual(instanceId, "customers", Instant.now()));
    }

    private record Polling(long instanceId, String topic, ResourcePollRunner runner, PollTask task) {
        void poll() {
            runner.run(task);
        }

        Topic read() {
            return new Topic(WorkerFixture.readAll(topic).stream().filter(n -> n.instanceId() == instanceId).toList());
        }
    }

    /** What the topic holds for one instance: its events in order, and each event's record. */
    private static final class Topic {
        final List<Event> events = new ArrayList<>();
        final Map<String, JsonNode> records = new HashMap<>();

        Topic(List<EventNotification> notifications) {
            for (EventNotification n : notifications) {
                for (int i = 0; i < n.events().size(); i++) {
                    events.add(n.events().get(i));
                    records.put(n.events().get(i).eventId(), n.records().get(i));
                }
            }
        }

        List<Event> ofType(String type) {
            return events.stream().filter(e -> e.eventType().equals(type)).toList();
        }

        Event only(String type, long id) {
            List<Event> found = events.stream().filter(e -> e.eventType().equals(type) && e.objectId().equals(Long.toString(id))).toList();
            assertThat(found).as("%s events of %s", type, id).hasSize(1);
            return found.get(0);
        }

        JsonNode recordOf(String eventId) {
            return records.get(eventId);
        }

        JsonNode lastDeliveredRecord(long id) {
            Map<String, JsonNode> last = new LinkedHashMap<>();
            events.stream().filter(e -> e.objectId().equals(Long.toString(id)) && !e.eventType().equals(Event.DELETED))
                    .forEach(e -> last.put("last", records.get(e.eventId())));
            return last.get("last");
        }
    }
}
