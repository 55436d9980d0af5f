package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.testkit.TestKafka;
import com.sage200events.worker.PollObserver;
import com.sage200events.worker.Worker;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

/**
 * Two workers in one consumer group never poll the same (instance, resource) at once. Kafka keys normally
 * keep a resource on one partition; here its tasks are spread over every partition on purpose, which is
 * what a rebalance or a re-keyed producer can do, so both workers really hold tasks for it at once.
 */
class TwoWorkersIT {

    @Test
    void twoWorkersNeverPollTheSameResourceAtOnce() {
        ConcurrencyProbe probe = new ConcurrencyProbe();
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        SimpleMeterRegistry registryB = new SimpleMeterRegistry();
        try (WorkerFixture fixture = new WorkerFixture(com.sage200events.sandbox.SandboxConfig.defaults().withSeedData(false), 4)) {
            long id = fixture.activeInstance(WorkerFixture.customersEvery(10));
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                expected.add(fixture.sandbox.create("customers", Map.of("name", "Busy " + i)).get("id").toString());
            }
            WorkerConfig config = WorkerConfig.defaults().withGroupId(fixture.prefix + "workers");
            Worker a = Worker.start(fixture.env, config, registryA, Clock.systemUTC(), Map.of(), probe);
            Worker b = Worker.start(fixture.env, config, registryB, Clock.systemUTC(), Map.of(), probe);
            try {
                // Both workers must own partitions before the tasks go out, or the first to join takes them all.
                awaitAssigned(config.groupId(), 4);
                for (int i = 0; i < 24; i++) {
                    fixture.publishTask(PollTask.manual(id, "customers", Instant.now()), i % 4);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> polls(registryA, registryB, "ok") + polls(registryA, registryB, "busy") >= 24);
            } finally {
                a.shutdown(Duration.ofSeconds(20));
                b.shutdown(Duration.ofSeconds(20));
            }
            assertThat(probe.maxConcurrent.get()).as("most polls of one resource at once").isEqualTo(1);
            assertThat(polls(registryA, registryB, "busy")).as("tasks that found the lease taken").isPositive();
            // Both workers held tasks for the resource (so they competed), whichever of them won the lease.
            assertThat(polls(registryA, "ok") + polls(registryA, "busy")).as("tasks handled by worker A").isPositive();
            assertThat(polls(registryB, "ok") + polls(registryB, "busy")).as("tasks handled by worker B").isPositive();

            List<EventNotification> published = WorkerFixture.readAll(fixture.env.topics().events());
            List<Event> events = published.stream().flatMap(n -> n.events().stream()).toList();
            assertThat(events).extracting(Event::eventId).doesNotHaveDuplicates();
            assertThat(events).extracting(Event::objectId).containsExactlyInAnyOrderElementsOf(expected);
            fixture.assertTopicsConform();
        }
    }

    /** Waits until {@code members} consumers of the group each hold at least one partition. */
    private static void awaitAssigned(String groupId, int members) {
        try (Admin admin = KafkaClients.admin(TestKafka.bootstrapServers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
                return group.members().size() == members
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private static double polls(SimpleMeterRegistry a, SimpleMeterRegistry b, String result) {
        return polls(a, result) + polls(b, result);
    }

    private static double polls(SimpleMeterRegistry registry, String result) {
        return registry.find("sage_polls_total").tag("result", result).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Counts polls in progress per (instance, resource) across both workers and remembers the peak. */
    private static final class ConcurrencyProbe implements PollObserver {
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public void pollStarted(long instanceId, String resource) {
            int now = running.computeIfAbsent(instanceId + "/" + resource, k -> new AtomicInteger()).incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
        }

        @Override
        public void pollEnded(long instanceId, String resource) {
            running.get(instanceId + "/" + resource).decrementAndGet();
        }
    }
}
