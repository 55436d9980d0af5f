package com.sage200events.dispatcher.internal;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.dispatcher.DispatcherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's moving parts and the order they start and stop in: the outcome writers first and last
 * (everything else finishes through it), the consumer loops, and the retry pump.
 */
public final class DeliveryRuntime {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRuntime.class);

    private final OutcomeWriters writers;
    private final DeliveryEngine engine;
    private final RetryPump pump;
    private final List<DeliveryLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public DeliveryRuntime(DispatcherConfig config, String bootstrapServers, String eventsTopic, String dlqTopic,
                           Producer<String, byte[]> dlqProducer, RedisStores redis, MeterRegistry registry,
                           Clock clock) {
        DlqPublisher dlq = new DlqPublisher(dlqProducer, dlqTopic);
        InstanceCache instances = new InstanceCache(redis.instances(), redis.webhookSecrets(), clock);
        this.writers = new OutcomeWriters(OutcomeWriters.COUNT, () -> new OutcomeWriter(redis, instances, dlq, config.dedupeTtl()));
        this.engine = new DeliveryEngine(config, redis.deliveryMarks(), instances, writers, registry, clock);
        this.pump = new RetryPump(redis.retryQueue(), engine, dlq, clock, config.retryPollInterval(), config.retryLease(),
                config.maxPending(), registry);
        for (int i = 0; i < config.concurrency(); i++) {
            Map<String, Object> overrides = config.memberId() == null ? Map.of()
                    : Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.memberId() + "-" + i);
            loops.add(new DeliveryLoop(KafkaClients.measured(
                    KafkaClients.consumer(bootstrapServers, config.groupId(), config.groupId() + "-" + i, overrides), registry),
                    eventsTopic, engine, dlq, registry, config.maxPending()));
        }
        registry.gauge("dispatcher_outcome_backlog", writers, OutcomeWriters::backlog);
    }

    public void start() {
        for (int i = 0; i < writers.all().size(); i++) {
            start(writers.all().get(i), "delivery-outcomes-" + i);
        }
        for (int i = 0; i < loops.size(); i++) {
            start(loops.get(i), "delivery-loop-" + i);
        }
        start(pump, "delivery-retries");
    }

    private void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        threads.add(thread);
        thread.start();
    }

    /** Whether outcomes are being recorded (Redis and the DLQ reachable within a minute). */
    public boolean healthy() {
        return writers.healthy(Duration.ofMinutes(1));
    }

    /** Stops taking work, lets in-flight deliveries finish within {@code timeout}, commits, and stops. */
    public void stop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            pump.stop(remaining(deadline));
            for (DeliveryLoop loop : loops) {
                if (!loop.stop(remaining(deadline))) {
                    log.warn("a delivery loop did not stop in time");
                }
            }
            // Retries claimed by the pump finish through the writers too; give them what time is left.
            while (engine.inFlight() > 0 && System.nanoTime() < deadline) {
                synchronized (this) {
                    wait(20);
                }
            }
            if (!writers.stop(remaining(deadline).plusSeconds(1))) {
                log.warn("an outcome writer did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            engine.close();
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
