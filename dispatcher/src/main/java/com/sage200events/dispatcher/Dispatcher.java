package com.sage200events.dispatcher;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.ops.HealthChecks;
import com.sage200events.common.ops.Service;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.dispatcher.internal.DeliveryRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher service: delivers {@code sage.events} to callback URLs, concurrently and isolated per
 * endpoint, retries through a Redis delay queue, and parks what cannot be delivered in {@code sage.events.dlq}.
 * Its {@link Lifecycle} opens Redis, the DLQ producer and the {@link DeliveryRuntime} in that order and stops them
 * in reverse (DESIGN §7).
 */
public final class Dispatcher implements Service {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Lifecycle lifecycle;
    private final DeliveryRuntime runtime;

    private Dispatcher(Lifecycle lifecycle, DeliveryRuntime runtime) {
        this.lifecycle = lifecycle;
        this.runtime = runtime;
    }

    public static Dispatcher start(ServiceEnvironment env, DispatcherConfig config, MeterRegistry registry, Clock clock) {
        return start(env, config, registry, clock, DeliveryObserver.NONE);
    }

    /**
     * Starts the dispatcher; {@code observer} sees each notification its loops read. A start that fails halfway (e.g.
     * the broker unreachable, a bad {@code DISPATCHER_INSTANCE_ID}) closes what it had opened and rethrows.
     */
    public static Dispatcher start(ServiceEnvironment env, DispatcherConfig config, MeterRegistry registry, Clock clock,
                                   DeliveryObserver observer) {
        Lifecycle lifecycle = new Lifecycle("dispatcher");
        return lifecycle.starting(() -> {
            RedisStores redis = lifecycle.own("redis", env.connectRedis());
            redis.requireReachable(); // an unreachable Redis stops the start here, not at the first delivery
            TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
            KafkaProducer<String, byte[]> dlqProducer = lifecycle.own("dlq producer",
                    KafkaClients.producer(env.kafkaBootstrapServers(), config.groupId() + "-dlq", Map.of()),
                    (p, budget) -> p.close(Duration.ofSeconds(5)));
            DeliveryRuntime runtime = DeliveryRuntime.start(lifecycle, config, env.kafkaBootstrapServers(), env.topics().events(),
                    env.topics().eventsDlq(), dlqProducer, redis, registry, clock, observer);
            log.info("dispatcher started: {} consumer thread(s) in group {}, {} mode, retries after {}", config.concurrency(),
                    config.groupId(), config.guard().mode().name().toLowerCase(Locale.ROOT), config.retry().schedule());
            return new Dispatcher(lifecycle, runtime);
        });
    }

    /** Whether delivery outcomes are being recorded; false after a minute of Redis or DLQ failures, and once stopped. */
    public boolean healthy() {
        return lifecycle.state() == Lifecycle.State.RUNNING && runtime.healthy();
    }

    /** Its loops, and whether outcomes are being recorded ({@code delivery}). */
    @Override
    public HealthChecks health(HealthChecks checks) {
        return checks.loops(lifecycle).add("delivery", this::healthy);
    }

    @Override
    public Lifecycle lifecycle() {
        return lifecycle;
    }
}
