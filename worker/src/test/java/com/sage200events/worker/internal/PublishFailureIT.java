package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageIdClient;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The cursor moves only after Kafka acknowledged the events: a failed publish leaves it for the next poll. */
class PublishFailureIT {

    private final String prefix = TestKafka.uniquePrefix();
    private final RedisKeys keys = new RedisKeys(prefix);
    private Sandbox sandbox;
    private JedisPooled redis;
    private SageSessions sessions;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        redis = RedisClients.pooled(TestRedis.endpoint().uri());
        sessions = new SageSessions(redis, keys, endpoints(), Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        redis.close();
        sandbox.close();
    }

    @Test
    void cursorDoesNotAdvanceWhenPublishFailsAndTheNextPollDeliversTheChange() throws Exception {
        long instanceId = activeInstance();
        String customerId = sandbox.create("customers", Map.of("name", "Late Ltd")).get("id").toString();

        String missingTopic = prefix + "no-such-topic";
        try (KafkaProducer<String, byte[]> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            runner(producer, missingTopic).run(PollTask.manual(instanceId, "customers", Instant.now()));
        }
        assertThat(redis.hget(keys.status(instanceId, "customers"), "lastErrorKind")).isEqualTo("PUBLISH");
        assertThat(redis.exists(keys.cursor(instanceId, "customers"))).as("cursor after a failed publish").isFalse();
        assertThat(redis.exists(keys.seen(instanceId, "customers"))).isFalse();

        String eventsTopic = TestKafka.createUniqueTopics("events")[0];
        try (KafkaProducer<String, byte[]> producer = producer(Map.of())) {
            runner(producer, eventsTopic).run(PollTask.manual(instanceId, "customers", Instant.now()));
        }
        assertThat(redis.hget(keys.status(instanceId, "customers"), "state")).isEqualTo("OK");
        assertThat(redis.hget(keys.cursor(instanceId, "customers"), "watermark")).isNotNull();
        List<EventNotification> published = readAll(eventsTopic);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).events()).extracting(e -> e.objectId()).containsExactly(customerId);
        assertThat(published.get(0).events().get(0).eventType()).isEqualTo("CREATED");
    }

    private ResourcePollRunner runner(KafkaProducer<String, byte[]> producer, String topic) {
        return new ResourcePollRunner(WorkerConfig.defaults(), redis, keys, sessions, new EventPublisher(producer, topic),
                new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private long activeInstance() throws Exception {
        ObjectNode configuration = (ObjectNode) Json.tree("""
                {"oauth.api.key": "client", "oauth.api.secret": "secret", "subscription.key": "sub", "signing.key": "sign",
                 "company.name": "Cloud-Elements Demodata", "event.notification.enabled": true,
                 "event.notification.callback.url": "http://localhost:1/unused",
                 "event.poller.configuration": {"customers": {
                   "url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id"}}}
                """);
        InstanceRepository instances = new InstanceRepository(redis, keys);
        long id = instances.nextId();
        instances.save(new StoredInstance(id, "test", "publish-failure", List.of(), Instant.now().minusSeconds(1),
                InstanceStatus.ACTIVE, null, configuration, null));
        new SageTokenStore(redis, keys).save(id, new SageIdClient(HttpClient.newHttpClient(), endpoints(), Clock.systemUTC())
                .exchangeCode("client", "secret", authorizationCode(), "http://localhost/cb"));
        return id;
    }

    private String authorizationCode() throws Exception {
        HttpResponse<Void> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/authorize?response_type=code&client_id=client&redirect_uri=http://localhost/cb&state=s")).build(),
                HttpResponse.BodyHandlers.discarding());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
    }

    private SageEndpoints endpoints() {
        return new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null);
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> overrides) {
        return KafkaClients.producer(TestKafka.bootstrapServers(), "publish-failure-test", overrides);
    }

    private static List<EventNotification> readAll(String topic) {
        List<EventNotification> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(TestKafka.bootstrapServers(), topic + "-reader", "reader", Map.of())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.fromBytes(record.value(), EventNotification.class));
                }
            }
        }
        return out;
    }
}
