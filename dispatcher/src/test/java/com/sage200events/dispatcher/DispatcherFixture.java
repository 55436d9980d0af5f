package com.sage200events.dispatcher;

import static com.sage200events.common.testing.InstanceBuilder.anInstance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.delivery.DeliveryRecord;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RetryQueue;
import com.sage200events.common.redis.WebhookSecrets;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.JedisPooled;

/** Real broker and Redis under a fresh prefix; instances in Redis, notifications on the topic, a dispatcher to test. */
final class DispatcherFixture implements AutoCloseable {

    final String prefix = TestKafka.uniquePrefix();
    final ServiceEnvironment env = new ServiceEnvironment(TestKafka.bootstrapServers(), TestRedis.endpoint().uri(), prefix, prefix,
            SageEndpoints.production(), 2, (short) 1);
    final JedisPooled redis = RedisClients.pooled(env.redisUrl());
    final InstanceRepository instances = new InstanceRepository(redis, env.keys());
    final WebhookSecrets secrets = new WebhookSecrets(redis, env.keys());
    final DeliveryLog deliveryLog = new DeliveryLog(redis, env.keys());
    final RetryQueue retryQueue = new RetryQueue(redis, env.keys());
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaProducer<String, byte[]> producer = KafkaClients.producer(env.kafkaBootstrapServers(), prefix + "test", Map.of());
    private final List<Dispatcher> started = new ArrayList<>();

    DispatcherFixture() {
        TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topics().all(), env.partitions(), env.replicationFactor());
    }

    /** Test defaults: dev-mode guard, short timeouts, a compressed schedule without jitter, fast retry polling. */
    DispatcherConfig config() {
        return DispatcherConfig.defaults().withGroupId(prefix + "dispatchers")
                .withGuard(com.sage200events.common.http.CallbackUrlGuard.dev())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))
                .withRetry(new RetryPolicy(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20)), 0, Duration.ofMinutes(1)))
                .withRetryPolling(Duration.ofMillis(50), Duration.ofSeconds(30));
    }

    Dispatcher start(DispatcherConfig config, Clock clock) {
        Dispatcher dispatcher = Dispatcher.start(env, config, registry, clock);
        started.add(dispatcher);
        return dispatcher;
    }

    /** Stores an instance from the seed example with its callback at {@code callbackUrl}; returns its whsec_ secret. */
    String instance(long id, String callbackUrl, Consumer<ObjectNode> change) {
        ObjectNode configuration = (ObjectNode) seed().get("configuration");
        configuration.put("event.notification.callback.url", callbackUrl);
        change.accept(configuration);
        instances.create(anInstance().withId(id).withConfiguration(configuration).build());
        return secrets.create(id);
    }

    void publish(EventNotification n) {
        try {
            producer.send(new ProducerRecord<>(env.topics().events(), Long.toString(n.instanceId()), Json.toBytes(n))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void publishRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(env.topics().events(), key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    DeliveryRecord delivery(String notificationId) {
        return deliveryLog.find(notificationId).orElse(null);
    }

    double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Every record in the DLQ so far. */
    List<ConsumerRecord<String, byte[]>> dlq() {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(env.kafkaBootstrapServers(), prefix + "dlq-reader-" + System.nanoTime(),
                "dlq-reader", Map.of())) {
            consumer.subscribe(List.of(env.topics().eventsDlq()));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (!records.isEmpty() && consumer.assignment().stream().allMatch(tp ->
                        consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
                    break;
                }
            }
            return records;
        }
    }

    private static ObjectNode seed() {
        try {
            return (ObjectNode) Json.tree(Files.readString(Path.of("..", "examples", "seed-instance.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        started.forEach(d -> d.shutdown(Duration.ofSeconds(10)));
        producer.close(Duration.ofSeconds(5));
        redis.close();
    }
}
