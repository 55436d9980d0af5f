package com.sage200events.dispatcher.internal;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.dispatcher.DeliveryObserver;
import com.sage200events.dispatcher.DispatcherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The dispatcher's moving parts and the order they start in, registered with the dispatcher's {@link Lifecycle} so
 * they stop in reverse: the engine and the outcome writers first (everything else finishes through them), the
 * consumer loops ({@code delivery-loop-N}), and the retry pump ({@code delivery-retries}). Stopping thus ends the
 * pump, drains the loops, waits for retries still in flight, lets the writers write what is queued, and closes the
 * engine.
 */
public final class DeliveryRuntime {

    private final OutcomeWriters writers;

    private DeliveryRuntime(OutcomeWriters writers) {
        this.writers = writers;
    }

    /** Builds the parts and starts their threads in {@code lifecycle}. */
    public static DeliveryRuntime start(Lifecycle lifecycle, DispatcherConfig config, String bootstrapServers, String eventsTopic,
                                        String dlqTopic, Producer<String, byte[]> dlqProducer, RedisStores redis,
                                        MeterRegistry registry, Clock clock, DeliveryObserver observer) {
        DlqPublisher dlq = new DlqPublisher(dlqProducer, dlqTopic);
        InstanceCache instances = new InstanceCache(redis.instances(), redis.webhookSecrets(), clock);
        OutcomeWriters writers = new OutcomeWriters(OutcomeWriters.COUNT, () -> new OutcomeWriter(redis, instances, dlq, config.dedupeTtl()));
        DeliveryEngine engine = lifecycle.own("delivery engine", new DeliveryEngine(config, redis.deliveryMarks(), instances, writers, registry, clock));
        registry.gauge("dispatcher_outcome_backlog", writers, OutcomeWriters::backlog);
        HeldBytes heldBytes = new HeldBytes(config.maxHeldBytes());
        registry.gauge("dispatcher_held_bytes", heldBytes, HeldBytes::held);
        for (int i = 0; i < writers.all().size(); i++) {
            lifecycle.startLoop("delivery-outcomes-" + i, writers.all().get(i));
        }
        // Retries claimed by the pump finish through the writers too. They get half of what is left, so the writers
        // always keep time to write what is queued (a stop that gave them none left outcomes unwritten: redelivered).
        lifecycle.onStop("retries in flight", (nothing, budget) -> awaitIdle(engine, budget.dividedBy(2)));
        for (int i = 0; i < config.concurrency(); i++) {
            Map<String, Object> overrides = config.memberId() == null ? Map.of()
                    : Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.memberId() + "-" + i);
            KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(bootstrapServers, config.groupId(), config.groupId() + "-" + i,
                    overrides);
            lifecycle.own("consumer metrics " + i, KafkaClients.measure(consumer, registry));
            lifecycle.startLoop("delivery-loop-" + i, new DeliveryLoop(consumer, eventsTopic, engine, dlq, registry, config.maxPending(),
                    heldBytes, observer));
        }
        lifecycle.startLoop("delivery-retries", new RetryPump(redis.retryQueue(), engine, dlq, clock, config.retryPollInterval(),
                config.retryLease(), config.maxPending(), heldBytes, registry));
        return new DeliveryRuntime(writers);
    }

    private static void awaitIdle(DeliveryEngine engine, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (engine.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a counter at shutdown, not waiting for a schedule
        }
    }

    /** Whether outcomes are being recorded (Redis and the DLQ reachable within a minute). */
    public boolean healthy() {
        return writers.healthy(Duration.ofMinutes(1));
    }
}
