package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.testing.InstanceBuilder;
import com.sage200events.scheduler.internal.PollJob;
import com.sage200events.scheduler.internal.PollTaskPublisher;
import com.sage200events.scheduler.internal.SlotCatchUp;
import com.sage200events.testkit.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slot rules of a replicated scheduler: a slot is published once however many replicas fire it, a slot
 * waits while the resource's previous task is pending, and after downtime there is one catch-up poll.
 */
class SlotDisciplineIT {

    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static SchedulerFixture fixture;
    private static KafkaProducer<String, byte[]> producer;
    private static RedisKeys keys;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        keys = new RedisKeys(fixture.prefix);
        producer = KafkaClients.producer(TestKafka.bootstrapServers(), "slot-test", Map.of());
    }

    @AfterAll
    static void stop() {
        producer.close();
        fixture.close();
    }

    @Test
    void twoReplicasFiringOneSlotPublishItOnceAndTheNextSlotWaitsWhilePending() {
        long id = activeInstance();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(1));
        PollJob replicaA = job();
        PollJob replicaB = job();
        replicaA.fire(id, slot, false);
        replicaB.fire(id, slot, false);
        replicaA.fire(id, slot, false);
        assertThat(scheduled(id, slot)).as("tasks of one slot fired by two replicas").hasSize(7)
                .extracting(PollTask::resource).doesNotHaveDuplicates();

        Instant next = slot.plus(INTERVAL);
        replicaB.fire(id, next, false);
        assertThat(scheduled(id, next)).as("tasks while the previous ones are still pending").isEmpty();

        fixture.redis.del(keys.pending(id, "customers")); // what a worker does when its poll of customers ends
        Instant third = next.plus(INTERVAL);
        replicaA.fire(id, third, false);
        assertThat(scheduled(id, third)).extracting(PollTask::resource).containsExactly("customers");
    }

    @Test
    void afterDowntimeEachResourceGetsOneCatchUpPoll() {
        long id = activeInstance();
        InstanceRepository instances = new InstanceRepository(fixture.redis, keys);
        // As if the instance was created yesterday and every replica was down for the last few slots.
        instances.update(id, stored -> InstanceBuilder.from(stored).createdAt(Instant.now().minus(Duration.ofDays(1))).build());
        SlotCatchUp catchUp = new SlotCatchUp(instances, job(), Clock.systemUTC());
        catchUp.run();
        catchUp.run();
        List<PollTask> caughtUp = fixture.pollTasks().stream()
                .filter(t -> t.instanceId() == id && t.reason().equals("SCHEDULED")).toList();
        assertThat(caughtUp).hasSize(7).extracting(PollTask::resource).doesNotHaveDuplicates();
        assertThat(caughtUp).extracting(PollTask::slot).containsOnly(caughtUp.get(0).slot());
        assertThat(caughtUp.get(0).slot()).isBefore(Instant.now()).isAfter(Instant.now().minus(INTERVAL));
    }

    private static long activeInstance() {
        ObjectNode body = seed();
        String callback = fixture.url("/elements/sage200/oauth/callback");
        body.putObject("providerData").put("code", fixture.sageCode(configuration(body).get("oauth.api.key").asText(), callback));
        return fixture.create(SchedulerFixture.devTenant(), body).get("id").asLong();
    }

    private static PollJob job() {
        return new PollJob(new InstanceRepository(fixture.redis, keys), RedisStores.wrap(fixture.redis, keys).slots(),
                new PollTaskPublisher(producer, fixture.pollTasksTopic()), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static List<PollTask> scheduled(long id, Instant slot) {
        return fixture.pollTasks().stream()
                .filter(t -> t.instanceId() == id && t.reason().equals("SCHEDULED") && t.slot().equals(slot)).toList();
    }
}
