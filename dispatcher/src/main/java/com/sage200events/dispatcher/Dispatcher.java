package com.sage200events.dispatcher;

import com.sage200events.common.config.Closeables;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.dispatcher.internal.DeliveryRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher service: delivers {@code sage.events} to callback URLs, concurrently and isolated per
 * endpoint, retries through a Redis delay queue, and parks what cannot be delivered in {@code sage.events.dlq}.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final RedisStores redis;
    private final KafkaProducer<String, byte[]> dlqProducer;
    private final DeliveryRuntime runtime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dispatcher(RedisStores redis, KafkaProducer<String, byte[]> dlqProducer, DeliveryRuntime runtime) {
        this.redis = redis;
        this.dlqProducer = dlqProducer;
        this.runtime = runtime;
    }

    public static Dispatcher start(ServiceEnvironment env, DispatcherConfig config, MeterRegistry registry, Clock clock) {
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
        RedisStores redis = env.connectRedis();
        KafkaProducer<String, byte[]> dlqProducer = KafkaClients.producer(env.kafkaBootstrapServers(), config.groupId() + "-dlq", Map.of());
        DeliveryRuntime runtime = new DeliveryRuntime(config, env.kafkaBootstrapServers(), env.topics().events(), env.topics().eventsDlq(),
                dlqProducer, redis, registry, clock);
        runtime.start();
        log.info("dispatcher started: {} consumer thread(s) in group {}, {} mode, retries after {}", config.concurrency(),
                config.groupId(), config.guard().mode().name().toLowerCase(java.util.Locale.ROOT), config.retry().schedule());
        return new Dispatcher(redis, dlqProducer, runtime);
    }

    /** Whether delivery outcomes are being recorded; false after a minute of Redis or DLQ failures. */
    public boolean healthy() {
        return !closed.get() && runtime.healthy();
    }

    /** Finishes in-flight deliveries, commits and closes within {@code timeout}. Idempotent. */
    public void shutdown(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        runtime.stop(timeout);
        dlqProducer.close(Duration.ofSeconds(5));
        Closeables.safeClose(redis);
        log.info("dispatcher stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
