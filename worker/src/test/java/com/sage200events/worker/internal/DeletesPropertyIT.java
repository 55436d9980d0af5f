package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.testkit.RecordContract;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The sibling of {@link CursorHistoryPropertyIT} with deletes mixed in (issue 14): random histories of records created,
 * updated, deleted and restored under their old id, between polls that Sage fails part-way (500, 429, truncated JSON,
 * cut connections, on poll pages and reconciliation pages alike), with {@code detectDeletes} every 1–3 polls. After
 * the history and {@code detectDeletesEvery + 2} quiet polls: no event id twice; a record gone from Sage that was ever
 * delivered ends on exactly one DELETED; a record in Sage never ends on DELETED and its latest change is published; a
 * DELETED is only ever followed by a CREATED; and no id that was never deleted gets a DELETED. Real sandbox over HTTP,
 * real Redis, real broker.
 */
class DeletesPropertyIT {

    private static final int TRIES = 25;
    private static final AtomicInteger checked = new AtomicInteger();
    private static final AtomicInteger deletedSeen = new AtomicInteger();
    private static final AtomicInteger comebacksSeen = new AtomicInteger();
    private static WorkerFixture fixture;
    private static KafkaProducer<String, byte[]> producer;
    private static String topic;

    @BeforeContainer
    static void start() {
        fixture = new WorkerFixture();
        topic = fixture.eventsTopic("sage.events");
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "deletes-property", Map.of());
    }

    @AfterContainer
    static void stop() {
        producer.close();
        long conforming = RecordContract.assertTopicsConform(TestKafka.bootstrapServers(), fixture.prefix);
        fixture.close();
        System.out.println("DeletesPropertyIT: " + checked.get() + " random histories with deletes checked; " + deletedSeen.get()
                + " DELETED and " + comebacksSeen.get() + " CREATED-after-DELETED events; " + conforming
                + " published records conform to schemas/");
        // The property is only as good as what it exercised: deletions reported, and ids that came back (the example
        // guarantees both whatever the random histories are).
        assertThat(deletedSeen.get()).as("DELETED events over all histories").isGreaterThanOrEqualTo(2);
        assertThat(comebacksSeen.get()).as("CREATED after DELETED over all histories").isPositive();
    }

    /** One step of a history; picks index into the records of the moment (modulo their number). */
    sealed interface Step permits Create, Update, Delete, Restore, Poll {
    }

    record Create(int count) implements Step {
    }

    record Update(int pick) implements Step {
    }

    record Delete(int pick) implements Step {
    }

    record Restore(int pick) implements Step {
    }

    enum Fault { NONE, SERVER_ERROR, THROTTLED, TRUNCATED_JSON, CUT_CONNECTION }

    record Poll(Fault fault, long seed) implements Step {
    }

    record History(int every, int pageSize, List<Step> steps) {
    }

    /** Deleted, reported, restored, reported as CREATED, deleted again; with a reconciliation failed by Sage in between. */
    @Example
    void aRecordDeletedRestoredAndDeletedAgain() {
        everyDeletionEndsOnOneDeletedAndEveryComebackIsCreated(new History(1, 3, List.of(
                new Create(4), new Poll(Fault.NONE, 0), new Delete(1), new Delete(2), new Poll(Fault.SERVER_ERROR, 7),
                new Poll(Fault.NONE, 0), new Restore(0), new Poll(Fault.NONE, 0), new Delete(0), new Update(1),
                new Poll(Fault.TRUNCATED_JSON, 3))));
    }

    @Property(tries = TRIES)
    void everyDeletionEndsOnOneDeletedAndEveryComebackIsCreated(@ForAll("histories") History history) {
        Sandbox sage = fixture.sandbox;
        sage.clearFaults();
        sage.reset();
        long instanceId = fixture.activeInstance("""
                {"url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                 "pageSize": %d, "detectDeletes": true, "detectDeletesEvery": %d}""".formatted(history.pageSize(), history.every()),
                Instant.now());
        Map<TopicPartition, Long> start = endOffsets();
        ResourcePollRunner runner = fixture.runner(WorkerConfig.defaults(), producer, topic);
        PollTask task = PollTask.manual(instanceId, "customers", Instant.now());
        Ledger ledger = new Ledger(sage);

        runner.run(task);
        for (Step step : history.steps()) {
            if (step instanceof Create c) {
                ledger.create(c.count());
            } else if (step instanceof Update u) {
                ledger.update(u.pick());
            } else if (step instanceof Delete d) {
                ledger.delete(d.pick());
            } else if (step instanceof Restore r) {
                ledger.restore(r.pick());
            } else {
                poll(sage, runner, task, (Poll) step);
            }
        }
        for (int i = 0; i < history.every() + 2; i++) {
            runner.run(task);
        }

        List<Event> events = publishedSince(start, instanceId);
        assertThat(events).extracting(Event::eventId).as("event ids").doesNotHaveDuplicates();
        Map<Long, List<Event>> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.computeIfAbsent(Long.parseLong(e.objectId()), id -> new ArrayList<>()).add(e));
        byId.forEach((id, ofId) -> {
            List<String> types = ofId.stream().map(Event::eventType).toList();
            for (int i = 1; i < types.size(); i++) {
                if (types.get(i - 1).equals(Event.DELETED)) {
                    assertThat(types.get(i)).as("what follows a DELETED of %d in %s", id, types).isEqualTo(Event.CREATED);
                }
            }
            if (types.contains(Event.DELETED)) {
                assertThat(ledger.everDeleted).as("DELETED for %d, never deleted", id).contains(id);
            }
            String last = types.get(types.size() - 1);
            if (ledger.gone().contains(id)) {
                assertThat(last).as("last event of %d, gone from Sage: %s", id, types).isEqualTo(Event.DELETED);
            } else {
                assertThat(last).as("last event of %d, in Sage: %s", id, types).isNotEqualTo(Event.DELETED);
            }
        });
        ledger.live.forEach((id, stamp) -> assertThat(events).extracting(Event::eventId).as("latest change of %d", id)
                .contains(EventIds.eventId(instanceId, "customers", id.toString(), stamp)));
        deletedSeen.addAndGet((int) events.stream().filter(e -> e.eventType().equals(Event.DELETED)).count());
        byId.values().forEach(list -> {
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i - 1).eventType().equals(Event.DELETED)) {
                    comebacksSeen.incrementAndGet();
                }
            }
        });
        checked.incrementAndGet();
    }

    private static void poll(Sandbox sage, ResourcePollRunner runner, PollTask task, Poll poll) {
        switch (poll.fault()) {
            case SERVER_ERROR -> sage.addFault(SandboxFault.serverError("/customers", 500).rate(0.4, poll.seed()));
            case THROTTLED -> sage.addFault(SandboxFault.throttle("/customers", 0).rate(0.4, poll.seed()));
            case TRUNCATED_JSON -> sage.addFault(SandboxFault.truncatedJson("/customers").rate(0.4, poll.seed()));
            case CUT_CONNECTION -> sage.addFault(SandboxFault.cutConnection("/customers").rate(0.4, poll.seed()));
            default -> { }
        }
        try {
            runner.run(task);
        } finally {
            sage.clearFaults();
        }
    }

    @Provide
    Arbitrary<History> histories() {
        Arbitrary<Integer> picks = Arbitraries.integers().between(0, 999);
        // Half the polls clean, so records get delivered (a record created and deleted between two polls is never known).
        Arbitrary<Fault> faults = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Fault.NONE)),
                Tuple.of(1, Arbitraries.of(Fault.SERVER_ERROR, Fault.THROTTLED, Fault.TRUNCATED_JSON, Fault.CUT_CONNECTION)));
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 5).map(Create::new)),
                Tuple.of(2, picks.map(Update::new)),
                Tuple.of(4, picks.map(Delete::new)),
                Tuple.of(2, picks.map(Restore::new)),
                Tuple.of(6, Combinators.combine(faults, Arbitraries.longs()).as(Poll::new)));
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(2, 10),
                step.list().ofMinSize(6).ofMaxSize(24)).as(History::new);
    }

    private static Map<TopicPartition, Long> endOffsets() {
        return TopicReader.endOffsets(topic);
    }

    /** The instance's events published since {@code start}, in publish order (one key, so one partition). */
    private static List<Event> publishedSince(Map<TopicPartition, Long> start, long instanceId) {
        return TopicReader.since(topic, start).stream().filter(n -> n.instanceId() == instanceId)
                .flatMap(n -> n.events().stream()).toList();
    }

    /** The sandbox's customers as the history shapes them: the live ones with their latest stamp, and the deleted. */
    private static final class Ledger {
        private final Sandbox sage;
        final Map<Long, Instant> live = new LinkedHashMap<>();
        final List<Long> deleted = new ArrayList<>();
        final Set<Long> everDeleted = new HashSet<>();

        Ledger(Sandbox sage) {
            this.sage = sage;
        }

        void create(int count) {
            for (int i = 0; i < count; i++) {
                remember(sage.create("customers", Map.of("name", "New " + i)));
            }
        }

        void update(int pick) {
            if (!live.isEmpty()) {
                remember(sage.update("customers", pickLive(pick), Map.of("name", "Updated " + pick)));
            }
        }

        void delete(int pick) {
            if (!live.isEmpty()) {
                long id = pickLive(pick);
                sage.delete("customers", id);
                live.remove(id);
                deleted.add(id);
                everDeleted.add(id);
            }
        }

        void restore(int pick) {
            if (!deleted.isEmpty()) {
                long id = deleted.remove(pick % deleted.size());
                remember(sage.restore("customers", id));
            }
        }

        Set<Long> gone() {
            return new HashSet<>(deleted);
        }

        private long pickLive(int pick) {
            return new ArrayList<>(live.keySet()).get(pick % live.size());
        }

        private void remember(Map<String, Object> record) {
            live.put(((Number) record.get("id")).longValue(),
                    DateFormats.parseIso(record.get("date_time_updated").toString()).orElseThrow());
        }
    }
}
