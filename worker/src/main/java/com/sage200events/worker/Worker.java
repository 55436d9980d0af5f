package com.sage200events.worker;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.ops.Service;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.sage.SageRetry;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.worker.internal.EventPublisher;
import com.sage200events.worker.internal.PollTaskLoop;
import com.sage200events.worker.internal.ResourcePollRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker service: consumes poll tasks, polls Sage 200 and publishes events. Runs
 * {@link WorkerConfig#concurrency()} consumer threads ({@code poll-task-loop-N}) in one consumer group. Its
 * {@link Lifecycle} opens Redis, the event producer and the loops in that order and stops them in reverse, so the
 * loops finish their polls and commit before the producer and Redis close (DESIGN §7).
 */
public final class Worker implements Service {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final Lifecycle lifecycle;

    private Worker(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public static Worker start(ServiceEnvironment env, WorkerConfig config, MeterRegistry registry, Clock clock) {
        return start(env, config, registry, clock, Map.of());
    }

    public static Worker start(ServiceEnvironment env, WorkerConfig config, MeterRegistry registry, Clock clock,
                               Map<String, Object> producerOverrides) {
        return start(env, config, registry, clock, producerOverrides, PollObserver.NONE);
    }

    /**
     * Starts the worker; {@code producerOverrides} tune the event producer (e.g. a shorter max.block.ms) and
     * {@code observer} sees every poll and Redis round trip besides the metrics. A start that fails halfway (e.g. the
     * broker unreachable) closes what it had opened and rethrows.
     */
    public static Worker start(ServiceEnvironment env, WorkerConfig config, MeterRegistry registry, Clock clock,
                               Map<String, Object> producerOverrides, PollObserver observer) {
        Lifecycle lifecycle = new Lifecycle("worker");
        return lifecycle.starting(() -> {
            RedisStores redis = lifecycle.own("redis", env.connectRedis());
            redis.requireReachable(); // an unreachable Redis stops the start here, not at the first poll
            TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
            Map<String, Object> producerConfig = new HashMap<>(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
            producerConfig.putAll(EventPublisher.PRODUCER_SETTINGS);
            producerConfig.putAll(producerOverrides);
            KafkaProducer<String, byte[]> producer = lifecycle.own("event producer",
                    KafkaClients.producer(env.kafkaBootstrapServers(), "worker-events", producerConfig),
                    (p, budget) -> p.close(Duration.ofSeconds(5)));
            SageSessions sessions = new SageSessions(redis, env.sage(), config.sageTimeout(),
                    new SageRetry(config.sageRetryAttempts(), config.sageRetryMaxWait(), SageRetry.Pause.THREAD_SLEEP), clock, registry);
            ResourcePollRunner runner = new ResourcePollRunner(config, redis, sessions,
                    new EventPublisher(producer, env.topics().events()), registry, clock, observer);
            for (int i = 0; i < config.concurrency(); i++) {
                KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(env.kafkaBootstrapServers(), config.groupId(), "worker-" + i,
                        Map.of("max.poll.records", 10, "max.poll.interval.ms", 600_000));
                lifecycle.own("consumer metrics " + i, KafkaClients.measure(consumer, registry));
                lifecycle.startLoop("poll-task-loop-" + i, new PollTaskLoop(consumer, env.topics().pollTasks(), runner, producer,
                        env.topics().pollTasksDlq(), registry));
            }
            log.info("worker started: {} consumer thread(s) in group {}", config.concurrency(), config.groupId());
            return new Worker(lifecycle);
        });
    }

    @Override
    public Lifecycle lifecycle() {
        return lifecycle;
    }
}
