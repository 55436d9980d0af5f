package com.sage200events.dispatcher;

import com.sage200events.common.config.Closeables;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.dispatcher.internal.DeliveryLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/** The dispatcher service: delivers {@code sage.events} to callback URLs, parking what cannot be delivered. */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final JedisPooled redis;
    private final KafkaProducer<String, byte[]> dlqProducer;
    private final List<DeliveryLoop> loops = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dispatcher(JedisPooled redis, KafkaProducer<String, byte[]> dlqProducer) {
        this.redis = redis;
        this.dlqProducer = dlqProducer;
    }

    public static Dispatcher start(ServiceEnvironment env, DispatcherConfig config, MeterRegistry registry, Clock clock) {
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topics().all(), env.partitions(), env.replicationFactor());
        JedisPooled redis = RedisClients.pooled(env.redisUrl());
        KafkaProducer<String, byte[]> dlqProducer = KafkaClients.producer(env.kafkaBootstrapServers(), "dispatcher-dlq", Map.of());
        Dispatcher dispatcher = new Dispatcher(redis, dlqProducer);
        for (int i = 0; i < config.concurrency(); i++) {
            DeliveryLoop loop = new DeliveryLoop(
                    KafkaClients.consumer(env.kafkaBootstrapServers(), config.groupId(), "dispatcher-" + i, Map.of()),
                    env.topics().events(), dlqProducer, env.topics().eventsDlq(), config, redis, env.keys(), registry, clock);
            dispatcher.loops.add(loop);
            new Thread(loop, "delivery-loop-" + i).start();
        }
        log.info("dispatcher started: {} consumer thread(s) in group {}", config.concurrency(), config.groupId());
        return dispatcher;
    }

    /** Finishes in-flight deliveries, commits and closes within {@code timeout}. Idempotent. */
    public void shutdown(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (DeliveryLoop loop : loops) {
            try {
                if (!loop.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    log.warn("a delivery loop did not stop within {}", timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dlqProducer.close(Duration.ofSeconds(5));
        Closeables.safeClose(redis);
        log.info("dispatcher stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
