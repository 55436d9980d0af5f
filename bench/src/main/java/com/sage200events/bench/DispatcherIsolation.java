package com.sage200events.bench;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.dispatcher.Dispatcher;
import com.sage200events.dispatcher.DispatcherConfig;
import com.sage200events.dispatcher.EndpointPolicy;
import com.sage200events.testkit.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.JedisPooled;

/**
 * The isolation figure (DESIGN.md §9): 20 instances, each on its own endpoint (an nginx port), fed at a steady
 * rate below the dispatcher's capacity. Run once with every endpoint healthy, once with 10 % of them (2)
 * hanging: accepting connections and never answering. The healthy endpoints' delivery delay, from admission
 * (the delivery log's {@code firstSeenAt}) to the answer (the attempt's time), is compared at p50 and p99;
 * the target is p99 with hanging endpoints ≤ 1.2 × p99 without. Production timeouts and breaker settings.
 */
final class DispatcherIsolation {

    private static final int INSTANCES = 20;
    private static final int HANGING = 2;

    private DispatcherIsolation() {
    }

    private record Delays(int healthy, double p50Ms, double p99Ms, double maxMs) {
    }

    static void run(String bootstrapServers, Nginx nginx, int connections, int rate, int seconds) throws Exception {
        once(bootstrapServers, nginx, List.of(), connections, rate, Math.max(3, seconds / 4)); // warm-up, not counted
        Delays calm = once(bootstrapServers, nginx, List.of(), connections, rate, seconds);
        Delays stormy;
        try (HangingEndpoint a = new HangingEndpoint(); HangingEndpoint b = new HangingEndpoint()) {
            stormy = once(bootstrapServers, nginx, List.of(a.url(), b.url()), connections, rate, seconds);
        }
        System.out.printf(Locale.ROOT, "isolation       : %d/s for %d s over %d endpoints; healthy endpoints' delay, admission to answer:%n",
                rate, seconds, INSTANCES);
        System.out.printf(Locale.ROOT, "  all healthy   : %,d delivered, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", calm.healthy, calm.p50Ms, calm.p99Ms, calm.maxMs);
        System.out.printf(Locale.ROOT, "  %d hanging    : %,d delivered, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", HANGING, stormy.healthy,
                stormy.p50Ms, stormy.p99Ms, stormy.maxMs);
        System.out.printf(Locale.ROOT, "  ratio p99     : %.2f x (target <= 1.2 x)%n", stormy.p99Ms / calm.p99Ms);
    }

    private static Delays once(String bootstrapServers, Nginx nginx, List<String> hanging, int connections, int rate, int seconds)
            throws Exception {
        String prefix = "bench-iso-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        ServiceEnvironment env = new ServiceEnvironment(bootstrapServers, TestRedis.endpoint().uri(), prefix, prefix + ":",
                SageEndpoints.production(), 4, (short) 1);
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
        try (JedisPooled redis = RedisClients.pooled(env.redisUrl())) {
            BenchData.storeInstances(redis, env, INSTANCES, id -> id <= hanging.size() ? hanging.get((int) id - 1) : nginx.url((int) id - 1));
            DispatcherConfig config = DispatcherConfig.defaults().withGroupId(prefix + "dispatchers").withGuard(CallbackUrlGuard.dev())
                    .withEndpoints(new EndpointPolicy(connections, 10_000, 5, Duration.ofSeconds(30), Duration.ofSeconds(5)));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Counter delivered = registry.counter("dispatcher_attempts_total", "outcome", "delivered");
            Dispatcher dispatcher = Dispatcher.start(env, config, registry, Clock.systemUTC());
            List<EventNotification> all = BenchData.notifications(rate * seconds, INSTANCES);
            List<EventNotification> healthy = all.stream().filter(n -> n.instanceId() > hanging.size()).toList();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(env.kafkaBootstrapServers(), prefix + "bench", Map.of())) {
                long start = System.nanoTime();
                for (int i = 0; i < all.size(); i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // pacing the load generator
                    }
                    EventNotification n = all.get(i);
                    producer.send(new ProducerRecord<>(env.topics().events(), Long.toString(n.instanceId()), Json.toBytes(n)));
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (delivered.count() < healthy.size() && System.nanoTime() < deadline) {
                Thread.sleep(50); // sampling the counter
            }
            dispatcher.shutdown(Duration.ofSeconds(5));
            return delays(new DeliveryLog(redis, env.keys()), healthy);
        } finally {
            BenchKeys.delete(env.redisUrl(), prefix);
        }
    }

    private static Delays delays(DeliveryLog log, List<EventNotification> healthy) {
        List<Double> delays = new ArrayList<>(healthy.size());
        for (EventNotification n : healthy) {
            Optional<DeliveryRecord> record = log.find(n.notificationId());
            if (record.isEmpty() || record.get().status() != DeliveryStatus.DELIVERED || record.get().attemptLog().isEmpty()) {
                continue;
            }
            List<DeliveryAttempt> attempts = record.get().attemptLog();
            DeliveryAttempt last = attempts.get(attempts.size() - 1);
            delays.add(Duration.between(record.get().firstSeenAt(), last.at()).toNanos() / 1e6);
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Delays(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Delays(sorted.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)], sorted[sorted.length - 1]);
    }
}
