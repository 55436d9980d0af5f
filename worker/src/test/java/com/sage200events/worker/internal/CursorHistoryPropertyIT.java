package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.sandbox.PageHook;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.testkit.RecordContract;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The core promise, checked on random histories: whatever Sage does — records created and updated between
 * polls and between the pages of one poll, walls of records on one timestamp wider than a page, late commits
 * stamped in the past, a Sage clock minutes away from ours, more changes than one page, and polls failing
 * part-way on 429, 500, 504, truncated JSON, HTML error pages, cut connections or the {"value": [...]}
 * wrapper — every change reaches Kafka and no event id is published twice. Real sandbox over HTTP, real
 * Redis, real broker.
 */
class CursorHistoryPropertyIT {

    private static final int TRIES = 60;
    /** After the history, polls until everything is delivered: the bound "within a bounded number of polls" asserts. */
    private static final int MAX_POLLS_TO_CATCH_UP = 6;
    private static final AtomicInteger checked = new AtomicInteger();
    private static final AtomicInteger worstPollsToCatchUp = new AtomicInteger();
    private static final Map<Duration, WorkerFixture> sandboxes = new HashMap<>();
    private static KafkaProducer<String, byte[]> producer;
    private static String prefix;
    private static String topic;

    @BeforeContainer
    static void start() {
        prefix = TestKafka.uniquePrefix();
        topic = prefix + "sage.events";
        TopicProvisioner.ensure(TestKafka.bootstrapServers(), List.of(topic), 2, (short) 1);
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "property", Map.of());
    }

    @AfterContainer
    static void stop() {
        producer.close();
        long conforming = RecordContract.assertTopicsConform(TestKafka.bootstrapServers(), prefix);
        System.out.println("CursorHistoryPropertyIT: " + conforming + " published records conform to schemas/");
        sandboxes.values().forEach(WorkerFixture::close);
        System.out.println("CursorHistoryPropertyIT: " + checked.get() + " random histories polled and checked; the worst needed "
                + worstPollsToCatchUp.get() + " poll(s) after its history to deliver every change (bound " + MAX_POLLS_TO_CATCH_UP + ")");
    }

    /**
     * Found by the property (shrunk): with Sage's clock 150 s behind ours, a late commit 200 s back fell out of
     * the window while the watermark still held our clock's creation time.
     */
    @Example
    void aLateCommitUnderASkewedSageClockIsPublished() {
        everyChangeIsPublishedAndNoEventIdTwice(new ChangeHistory(Duration.ofSeconds(-150), 1, 3, 0, 0, List.of(
                new ChangeHistory.Create(9), new ChangeHistory.Update(List.of(1)),
                new ChangeHistory.Poll(ChangeHistory.Fault.THROTTLED, 10842, List.of(329)),
                new ChangeHistory.Poll(ChangeHistory.Fault.THROTTLED, -89659, List.of(298, 3, 0)),
                new ChangeHistory.LateCommit(214, 39), new ChangeHistory.LateCommit(1, 2), new ChangeHistory.LateCommit(998, 1),
                new ChangeHistory.LateCommit(0, 200_000), new ChangeHistory.Create(15))));
    }

    @Property(tries = TRIES)
    void everyChangeIsPublishedAndNoEventIdTwice(@ForAll("histories") ChangeHistory history) {
        WorkerFixture fixture = sandboxes.computeIfAbsent(history.sageClockOffset(), offset ->
                new WorkerFixture(SandboxConfig.defaults().withSeedData(false).withClockOffset(offset), 2));
        fixture.sandbox.clearFaults(); // a sandbox is shared by the histories of one clock offset
        Ledger ledger = new Ledger(fixture, history.sageClockOffset());
        ledger.preexisting(history.preexisting());
        long instanceId = fixture.activeInstance(WorkerFixture.customersEvery(history.pageSize()), Instant.now());
        Map<TopicPartition, Long> start = endOffsets();
        ResourcePollRunner runner = new ResourcePollRunner(WorkerConfig.defaults(), fixture.stores(), fixture.sessions(),
                new EventPublisher(producer, topic), new SimpleMeterRegistry(), Clock.systemUTC());
        PollTask task = PollTask.manual(instanceId, "customers", Instant.now());

        SandboxFault sustained = history.throttleEvery() == 0 ? null
                : SandboxFault.throttle("*", history.retryAfterSeconds()).everyNth(history.throttleEvery());
        if (sustained != null) {
            fixture.sandbox.addFault(sustained);
        }
        runner.run(task); // the baseline, as the scheduler triggers on activation
        for (ChangeHistory.Step step : history.steps()) {
            if (step instanceof ChangeHistory.Create c) {
                ledger.create(c.count());
            } else if (step instanceof ChangeHistory.Update u) {
                u.picks().forEach(ledger::update);
            } else if (step instanceof ChangeHistory.SharedStamp s) {
                ledger.sharedStamp(s.count(), s.newRecords());
            } else if (step instanceof ChangeHistory.LateCommit l) {
                ledger.lateCommit(l.pick(), l.millisBack());
            } else if (step instanceof ChangeHistory.FutureStamp f) {
                ledger.futureStamp(f.pick(), f.secondsAhead());
            } else {
                poll(fixture, ledger, runner, task, (ChangeHistory.Poll) step, sustained);
            }
        }
        // Polls without one-off faults (the sustained throttling stays) until every change is out, within a bound.
        int polls = 0;
        List<Event> events = publishedSince(start, instanceId);
        while (!missing(events, ledger, instanceId).isEmpty() && polls < MAX_POLLS_TO_CATCH_UP) {
            runner.run(task);
            polls++;
            events = publishedSince(start, instanceId);
        }
        worstPollsToCatchUp.accumulateAndGet(polls, Math::max);

        assertThat(events).extracting(Event::eventId).as("event ids").doesNotHaveDuplicates();
        assertThat(missing(events, ledger, instanceId)).as("changes not published within %d polls after the history",
                MAX_POLLS_TO_CATCH_UP).isEmpty();
        Set<String> untouched = ledger.untouchedPreexisting();
        assertThat(events).as("events for records untouched since before the instance")
                .filteredOn(e -> untouched.contains(e.objectId())).isEmpty();
        checked.incrementAndGet();
    }

    /** The changes (customer at stamp) that have no event among {@code events}. */
    private static List<String> missing(List<Event> events, Ledger ledger, long instanceId) {
        Set<String> published = new HashSet<>(events.stream().map(Event::eventId).toList());
        List<String> missing = new ArrayList<>();
        ledger.changedSinceCreation().forEach((id, stamp) -> {
            if (!published.contains(EventIds.eventId(instanceId, "customers", id.toString(), stamp))) {
                missing.add("customer " + id + " at " + stamp);
            }
        });
        return missing;
    }

    /** One poll, with Sage misbehaving as the step says; the one-off faults end with the poll, the sustained one stays. */
    private static void poll(WorkerFixture fixture, Ledger ledger, ResourcePollRunner runner, PollTask task, ChangeHistory.Poll poll,
                             SandboxFault sustained) {
        Sandbox sage = fixture.sandbox;
        long seed = poll.seed();
        switch (poll.fault()) {
            case THROTTLED -> sage.addFault(SandboxFault.throttle("/customers", 0).rate(0.4, seed));
            case SERVER_ERROR -> sage.addFault(SandboxFault.serverError("/customers", 500).rate(0.4, seed));
            case GATEWAY_TIMEOUT -> sage.addFault(SandboxFault.serverError("/customers", 504).rate(0.4, seed));
            case TRUNCATED_JSON -> sage.addFault(SandboxFault.truncatedJson("/customers").rate(0.4, seed));
            case HTML_PAGE -> sage.addFault(SandboxFault.htmlPage("/customers", 503).rate(0.4, seed));
            case CUT_CONNECTION -> sage.addFault(SandboxFault.cutConnection("/customers").rate(0.4, seed));
            case VALUE_WRAPPER -> sage.addFault(SandboxFault.valueWrapper("/customers").rate(0.5, seed));
            // Another Sage user saves records after the first page was answered, before the poll asks for the next.
            case UPDATES_BETWEEN_PAGES -> sage.afterListRequests("customers", 1, PageHook.Match.ANY,
                    () -> poll.picks().forEach(ledger::update));
            default -> { }
        }
        try {
            runner.run(task);
        } finally {
            sage.clearFaults();
            sage.clearPageHooks();
            if (sustained != null) {
                sage.addFault(sustained);
            }
        }
    }

    @Provide
    Arbitrary<ChangeHistory> histories() {
        Arbitrary<Duration> offsets = Arbitraries.of(Duration.ofSeconds(-150), Duration.ZERO, Duration.ofSeconds(90),
                Duration.ofMinutes(5), Duration.ofMinutes(15));
        Arbitrary<ChangeHistory.Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 25).map(ChangeHistory.Create::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 999).list().ofMinSize(1).ofMaxSize(8).map(ChangeHistory.Update::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(2, 30), Arbitraries.of(true, false))
                        .as(ChangeHistory.SharedStamp::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 999), Arbitraries.longs().between(1, 200_000))
                        .as(ChangeHistory.LateCommit::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 999), Arbitraries.integers().between(1, 900))
                        .as(ChangeHistory.FutureStamp::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(Arbitraries.of(ChangeHistory.Fault.class), Arbitraries.longs(),
                        Arbitraries.integers().between(0, 999).list().ofMinSize(1).ofMaxSize(5)).as(ChangeHistory.Poll::new)));
        Arbitrary<Integer> throttleEvery = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(3, 20)));
        return Combinators.combine(offsets, Arbitraries.integers().between(0, 12), Arbitraries.integers().between(3, 12),
                throttleEvery, Arbitraries.integers().between(0, 2), step.list().ofMinSize(2).ofMaxSize(14)).as(ChangeHistory::new);
    }

    private static Map<TopicPartition, Long> endOffsets() {
        return TopicReader.endOffsets(topic);
    }

    /** The instance's events published since {@code start}, in publish order (one key, so one partition). */
    private static List<Event> publishedSince(Map<TopicPartition, Long> start, long instanceId) {
        return TopicReader.since(topic, start).stream().filter(n -> n.instanceId() == instanceId)
                .flatMap(n -> n.events().stream()).toList();
    }

    /** The sandbox's customers as the history shapes them, and what each record's latest stamp is. */
    private static final class Ledger {
        private final WorkerFixture fixture;
        private final Duration offset;
        private final List<Long> ids = new ArrayList<>();
        private final Map<Long, Instant> latest = new LinkedHashMap<>();
        private final Set<Long> preexisting = new HashSet<>();
        private final Set<Long> touched = new HashSet<>();

        Ledger(WorkerFixture fixture, Duration offset) {
            this.fixture = fixture;
            this.offset = offset;
        }

        private Instant sageNow() {
            return Instant.now().plus(offset).truncatedTo(ChronoUnit.MILLIS);
        }

        void preexisting(int count) {
            for (int i = 0; i < count; i++) {
                Instant stamp = sageNow().minus(Duration.ofMinutes(10)).plusMillis(i);
                long id = write(null, stamp, "Old " + i);
                preexisting.add(id);
            }
        }

        synchronized void create(int count) {
            for (int i = 0; i < count; i++) {
                touched.add(write(null, null, "New " + i));
            }
        }

        synchronized void update(int pick) {
            if (!ids.isEmpty()) {
                touched.add(write(ids.get(pick % ids.size()), null, "Updated"));
            }
        }

        synchronized void sharedStamp(int count, boolean newRecords) {
            Instant stamp = sageNow();
            for (int i = 0; i < count; i++) {
                Long id = newRecords || ids.isEmpty() ? null : ids.get(i % ids.size());
                if (id != null && !latest.get(id).isBefore(stamp)) {
                    continue;
                }
                touched.add(write(id, stamp, "Wall " + i));
            }
        }

        synchronized void futureStamp(int pick, int secondsAhead) {
            if (!ids.isEmpty()) {
                touched.add(write(ids.get(pick % ids.size()), sageNow().plusSeconds(secondsAhead), "Ahead"));
            }
        }

        synchronized void lateCommit(int pick, long millisBack) {
            if (ids.isEmpty()) {
                return;
            }
            long id = ids.get(pick % ids.size());
            Instant stamp = sageNow().minusMillis(millisBack);
            // A record's own stamp never goes backwards; a late commit is late relative to its neighbours.
            if (stamp.isAfter(latest.get(id))) {
                touched.add(write(id, stamp, "Late"));
            }
        }

        private long write(Long id, Instant stamp, String name) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("name", name);
            if (stamp != null) {
                fields.put("date_time_updated", DateFormats.sageStamp(stamp));
                if (id == null) {
                    fields.put("date_time_created", DateFormats.sageStamp(stamp));
                }
            }
            Map<String, Object> record = id == null
                    ? fixture.sandbox.create("customers", fields)
                    : fixture.sandbox.update("customers", id, fields);
            long recordId = ((Number) record.get("id")).longValue();
            if (id == null) {
                ids.add(recordId);
            }
            latest.put(recordId, DateFormats.parseIso(record.get("date_time_updated").toString()).orElseThrow());
            return recordId;
        }

        synchronized Map<Long, Instant> changedSinceCreation() {
            Map<Long, Instant> changed = new LinkedHashMap<>();
            touched.forEach(id -> changed.put(id, latest.get(id)));
            return changed;
        }

        synchronized Set<String> untouchedPreexisting() {
            Set<String> untouched = new HashSet<>();
            preexisting.stream().filter(id -> !touched.contains(id)).forEach(id -> untouched.add(id.toString()));
            return untouched;
        }
    }
}
