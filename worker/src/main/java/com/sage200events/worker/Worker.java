package com.sage200events.worker;

import com.sage200events.common.config.Closeables;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.sage.SageRetry;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.worker.internal.EventPublisher;
import com.sage200events.worker.internal.PollTaskLoop;
import com.sage200events.worker.internal.ResourcePollRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker service: consumes poll tasks, polls Sage 200 and publishes events. Runs
 * {@link WorkerConfig#concurrency()} consumer threads in one consumer group.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    enum State { RUNNING, DRAINING, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final RedisStores redis;
    private final KafkaProducer<String, byte[]> producer;
    private final List<PollTaskLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private Worker(RedisStores redis, KafkaProducer<String, byte[]> producer) {
        this.redis = redis;
        this.producer = producer;
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
     * {@code observer} sees every poll and Redis round trip besides the metrics.
     */
    public static Worker start(ServiceEnvironment env, WorkerConfig config, MeterRegistry registry, Clock clock,
                               Map<String, Object> producerOverrides, PollObserver observer) {
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
        RedisStores redis = env.connectRedis();
        Map<String, Object> producerConfig = new java.util.HashMap<>(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
        producerConfig.putAll(producerOverrides);
        KafkaProducer<String, byte[]> producer = KafkaClients.producer(env.kafkaBootstrapServers(), "worker-events", producerConfig);
        Worker worker = new Worker(redis, producer);
        SageSessions sessions = new SageSessions(redis, env.sage(), config.sageTimeout(),
                new SageRetry(config.sageRetryAttempts(), config.sageRetryMaxWait(), SageRetry.Pause.THREAD_SLEEP), clock, registry);
        ResourcePollRunner runner = new ResourcePollRunner(config, redis, sessions,
                new EventPublisher(producer, env.topics().events()), registry, clock, observer);
        for (int i = 0; i < config.concurrency(); i++) {
            PollTaskLoop loop = new PollTaskLoop(
                    KafkaClients.measured(KafkaClients.consumer(env.kafkaBootstrapServers(), config.groupId(), "worker-" + i,
                            Map.of("max.poll.records", 10, "max.poll.interval.ms", 600_000)), registry),
                    env.topics().pollTasks(), runner, producer, env.topics().pollTasksDlq(), registry);
            Thread thread = new Thread(loop, "poll-task-loop-" + i);
            worker.loops.add(loop);
            worker.threads.add(thread);
            thread.start();
        }
        log.info("worker started: {} consumer thread(s) in group {}", config.concurrency(), config.groupId());
        return worker;
    }

    /** Finishes in-flight polls, commits offsets and closes, waiting at most {@code timeout}. Idempotent. */
    public void shutdown(Duration timeout) {
        if (!state.compareAndSet(State.RUNNING, State.DRAINING)) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PollTaskLoop loop : loops) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!loop.stop(Duration.ofNanos(left))) {
                    log.warn("a poll task loop did not stop within {}", timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        Closeables.safeClose(redis);
        state.set(State.CLOSED);
        log.info("worker stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
